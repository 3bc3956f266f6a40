import { describe, expect, it } from 'vitest';
import { appendFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileSource, type Block } from '../../pipeline/ingest/blocks.js';
import { tempDir } from '../helpers.js';

/** Every block a source gives, to its end. */
function drain(source: FileSource): Block[] {
  const blocks: Block[] = [];
  for (let b = source.next(); b; b = source.next()) blocks.push(b);
  source.close();
  return blocks;
}

const text = (blocks: Block[]): string => blocks.map((b) => Buffer.from(b.bytes).toString('utf8')).join('\n');

describe('a file read block by block', () => {
  it('reads the file it looked at, and fails on another one put at its path since', () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, 'one\ntwo\n');
    const looked = statSync(file);
    expect(text(drain(new FileSource(file, looked, 1, 0, 1, looked.size)))).toBe('one\ntwo');
    // logrotate's create: the file is moved away and a new one takes its path.
    renameSync(file, `${file}.1`);
    writeFileSync(file, 'three\n');
    expect(() => drain(new FileSource(file, looked, 1, 0, 1, looked.size))).toThrow(/app\.log is another file than when it was looked at/);
  });

  it('reads on past the size it was given while the file grows, and numbers the lines from its first', () => {
    const file = path.join(tempDir(), 'app.log');
    writeFileSync(file, 'a\nb\n');
    const looked = statSync(file);
    appendFileSync(file, 'c\nd');
    const blocks = drain(new FileSource(file, looked, 7, 0, 10, looked.size));
    expect(text(blocks)).toBe('a\nb\nc\nd');
    expect(blocks[0]!.firstLine).toBe(10);
    expect(blocks.at(-1)!.nextLine).toBe(14);
    expect(blocks.reduce((n, b) => n + b.consumed, 0)).toBe(7);
  });

  it('takes a small file from the bytes read when it was looked at, not from the disk again, and reads blocks again from them', () => {
    const file = path.join(tempDir(), 'gone.log');
    const whole = Buffer.from('x 1\ny 2\nz 3\n');
    // No such file: every byte comes from `whole` (from byte 4 on, as a file read before).
    const source = new FileSource(file, { dev: 0, ino: 0 }, 1, 4, 2, whole.length, 4, undefined, whole);
    const blocks = drain(source);
    expect(text(blocks)).toBe('y 2\nz 3');
    expect(blocks[0]!.firstLine).toBe(2);
    const again = source.again([blocks.length - 1]);
    expect(Buffer.from(again.next()!.bytes).toString('utf8')).toBe(Buffer.from(blocks.at(-1)!.bytes).toString('utf8'));
  });
});
