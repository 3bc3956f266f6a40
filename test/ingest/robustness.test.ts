import { describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ingest, SHARED_FILE_BYTES, SHARED_GZIP_BYTES } from '../../pipeline/ingest/ingest.js';
import { accessLine } from '../../scripts/log-lines.js';
import { FIXTURES, counts, memoryStore, num, rows, tempDir } from '../helpers.js';

const line = (i: number): string =>
  accessLine({
    ms: Date.UTC(2026, 10, 24, 9, 0, i), offsetMinutes: 0, client: '10.0.0.1', method: 'GET', path: `/p/${i}`,
    status: 200, bytes: 10, userAgent: 'ua', requestTime: 0.01,
  });

describe('bad input', () => {
  it('reads CRLF line ends, invalid UTF-8, NUL bytes and a missing final newline without losing a line', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'odd.log');
    const parts = [
      Buffer.from(line(1) + '\r\n'),
      Buffer.from(line(2).split('"ua"')[0] + '"ua-'), Buffer.from([0xff, 0xfe]), Buffer.from('"' + line(2).split('"ua"')[1] + '\n'),
      Buffer.from('bad\0line\r\n'),
      Buffer.from('   \n'),
      Buffer.from(line(3)),
    ];
    writeFileSync(file, Buffer.concat(parts));
    const store = await memoryStore();
    const run = await ingest(store, [file]);
    expect(run.files[0]).toMatchObject({ lines: 5, rows: 3, rejects: 2 });
    expect(await rows(store, 'SELECT line_no, path, user_agent FROM http_requests ORDER BY line_no')).toEqual([
      { line_no: 1, path: '/p/1', user_agent: 'ua' },
      { line_no: 2, path: '/p/2', user_agent: 'ua-\uFFFD\uFFFD' },
      { line_no: 5, path: '/p/3', user_agent: 'ua' },
    ]);
    expect(await rows(store, 'SELECT line_no, raw FROM rejects ORDER BY line_no')).toEqual([
      { line_no: 3, raw: 'bad\uFFFDline' },
      { line_no: 4, raw: '   ' },
    ]);
  });

  it('cuts the raw text of a rejected line at 4 KiB', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'long.log');
    writeFileSync(file, `${line(1)}\n${'x'.repeat(100_000)}\n${line(2)}\n`);
    const store = await memoryStore();
    await ingest(store, [file], { format: 'access' });
    expect(await rows(store, 'SELECT line_no, length(raw) AS n FROM rejects')).toEqual([{ line_no: 2, n: 4096 }]);
  });

  it('rejects a "line" with no newline in 8 MiB unread, and keeps the numbers of the lines after it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'garbage.log');
    writeFileSync(file, `${line(1)}\n${'x'.repeat(9 << 20)}\n${line(2)}\n${'y'.repeat(9 << 20)}`);
    for (const input of [file, `${file}.gz`]) {
      if (input.endsWith('.gz')) writeFileSync(input, gzipSync(readFileSync(file)));
      const store = await memoryStore();
      const run = await ingest(store, [input], { format: 'access' });
      expect(run.files[0]).toMatchObject({ lines: 4, rows: 2, rejects: 2 });
      const rejects = await rows(store, 'SELECT line_no, reason, length(raw) AS n, left(raw, 3) AS starts FROM rejects ORDER BY 1');
      expect(rejects).toEqual([
        { line_no: 2, reason: expect.stringContaining('no newline in 8388608 bytes'), n: 4096, starts: 'xxx' },
        { line_no: 4, reason: expect.stringContaining('no newline in 8388608 bytes'), n: 4096, starts: 'yyy' },
      ]);
      expect(await rows(store, 'SELECT line_no FROM http_requests ORDER BY 1')).toEqual([{ line_no: 1 }, { line_no: 3 }]);
      const [manifest] = await rows(store, 'SELECT offset_bytes, next_line FROM ingested_files');
      expect(manifest).toEqual({ offset_bytes: readFileSync(file).length, next_line: 5 });
    }
  });

  it('reports a missing file and a corrupt gzip by name, loads the rest, and leaves no half-loaded file', async () => {
    const dir = tempDir();
    let text = '';
    for (let i = 0; i < 5000; i++) text += line(i) + '\n';
    const gz = gzipSync(text);
    writeFileSync(path.join(dir, 'cut.log.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
    writeFileSync(path.join(dir, 'good.log'), text.slice(0, 2000));
    const store = await memoryStore();
    const messages: string[] = [];
    const run = await ingest(store, [dir, path.join(dir, 'missing.log')], { log: (m) => messages.push(m) });
    expect(run.failed).toBe(2);
    expect(messages).toContain(`error: ${path.join(dir, 'missing.log')}: no such file or directory`);
    expect(messages.find((m) => m.includes('cut.log.gz'))).toMatch(/^error: .*cut\.log\.gz: corrupt gzip data/);
    // Only good.log's lines (its cut last line rejected): nothing of the cut gzip, though its first part was readable.
    const good = text.slice(0, 2000).split('\n').filter((l) => l.length > 0).length;
    expect(await num(store, 'SELECT count(*) FROM http_requests')).toBe(good - 1);
    expect(await num(store, 'SELECT count(*) FROM rejects')).toBe(1);
    expect(await rows(store, 'SELECT path FROM ingested_files')).toEqual([{ path: path.join(dir, 'good.log') }]);
  });

  it('a file that fails inside a shared load fails alone: the other small files of that load load again, each on its own', async () => {
    const dir = tempDir();
    let small = '';
    for (let i = 0; i < 300; i++) small += line(i) + '\n';
    for (const name of ['a.log', 'b.log', 'c.log']) writeFileSync(path.join(dir, name), small.replaceAll('/p/', `/${name}/`));
    // A file over SHARED_FILE_BYTES loads alone, while the small ones wait for their shared load.
    let big = '';
    for (let i = 0; big.length <= SHARED_FILE_BYTES; i++) big += line(i % 50_000) + '\n';
    writeFileSync(path.join(dir, 'z-big.log'), big);
    const store = await memoryStore();
    const messages: string[] = [];
    // One file at a time: a, b and c are looked at (and wait), then z-big loads; when it is done,
    // b disappears, so the shared load of a, b and c fails and is redone file by file.
    const run = await ingest(store, [dir], {
      concurrency: 1,
      log: (m) => {
        messages.push(m);
        if (m.includes('z-big.log')) rmSync(path.join(dir, 'b.log'));
      },
    });
    expect(run.failed).toBe(1);
    expect(messages).toContain(`error: ${path.join(dir, 'b.log')}: no such file or directory`);
    expect(run.files.map((f) => [path.basename(f.path), f.status])).toEqual([['a.log', 'loaded'], ['b.log', 'error'], ['c.log', 'loaded'], ['z-big.log', 'loaded']]);
    expect(await rows(store, "SELECT split_part(path, '/', 2) AS file, count(*)::INTEGER AS n FROM http_requests WHERE path NOT LIKE '/p/%' GROUP BY ALL ORDER BY file")).toEqual([
      { file: 'a.log', n: 300 },
      { file: 'c.log', n: 300 },
    ]);
    expect((await rows(store, 'SELECT path FROM ingested_files ORDER BY path')).map((r) => path.basename(String(r['path'])))).toEqual(['a.log', 'c.log', 'z-big.log']);
  });

  it('reads a small gzip file that holds more than a small file (a rotation that compressed well) alone, every line', async () => {
    const dir = tempDir();
    let big = '';
    for (let i = 0; big.length <= SHARED_FILE_BYTES; i++) big += line(i % 200) + '\n';
    const gz = gzipSync(big);
    expect(gz.length).toBeLessThan(SHARED_GZIP_BYTES); // looked at as a small gzip file, then found bigger
    writeFileSync(path.join(dir, 'access.log.2.gz'), gz);
    writeFileSync(path.join(dir, 'access.log.3.gz'), gzipSync(big.slice(0, 4000).replaceAll('/p/', '/q/')));
    const store = await memoryStore();
    const run = await ingest(store, [dir]);
    expect(run.failed).toBe(0);
    const lines = big.split('\n').filter(Boolean).length;
    expect(await num(store, "SELECT count(*) FROM http_requests WHERE path LIKE '/p/%'")).toBe(lines);
    expect(await num(store, "SELECT count(*) FROM http_requests WHERE path LIKE '/q/%'")).toBe(big.slice(0, 4000).split('\n').length - 1);
    expect(await rows(store, 'SELECT compressed, lines, offset_bytes FROM ingested_files ORDER BY path')).toEqual([
      { compressed: true, lines, offset_bytes: big.length },
      { compressed: true, lines: big.slice(0, 4000).split('\n').length, offset_bytes: 4000 },
    ]);
  });

  it('skips files in a directory that are not logs, but refuses a named one it cannot place', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'just some notes\nnothing to see\n');
    writeFileSync(path.join(dir, 'empty.log'), '');
    const store = await memoryStore();
    const walked = await ingest(store, [dir]);
    expect(walked.files.map((f) => [path.basename(f.path), f.status, f.message])).toEqual([
      ['empty.log', 'skipped', 'empty'],
      ['notes.txt', 'skipped', 'not a recognised log format'],
    ]);
    expect(walked.failed).toBe(0);
    const named = await ingest(store, [path.join(dir, 'notes.txt')]);
    expect(named.failed).toBe(1);
    expect(named.files[0]!.message).toBe('cannot tell its format from the first lines; name it with --format');
  });

  it('loads a named file with --format even when sniffing would not pick it', async () => {
    const store = await memoryStore();
    const run = await ingest(store, [path.join(FIXTURES, 'access-mixed.log')], { format: 'jsonl' });
    expect(run.files[0]).toMatchObject({ format: 'jsonl', rows: 0, rejects: 8 });
    expect(await counts(store)).toMatchObject({ log_lines: 0, rejects: 8 });
  });

  it('rejects a time out of range as unreadable, and loads the rest of the file (JSON epoch, flow start, line-protocol time)', async () => {
    const dir = tempDir();
    const files = {
      jsonl: ['{"ts":-99999999999999999999999,"msg":"x"}', '{"ts":1764000000,"level":"info","msg":"ok"}'],
      vpcflow: ['2 123 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 9223372036854775807 1764000060 ACCEPT OK', '2 123 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1764000000 1764000060 ACCEPT OK'],
      influx: ['cpu,host=a usage_idle=1 -99999999999999999999999999', 'cpu,host=a usage_idle=2 1764000000000000000'],
    };
    const store = await memoryStore();
    for (const [format, lines] of Object.entries(files)) {
      const file = path.join(dir, `odd.${format}`);
      writeFileSync(file, lines.join('\n') + '\n');
      const result = await ingest(store, [file], { format: format as 'jsonl' | 'vpcflow' | 'influx' });
      expect(result.files[0], format).toMatchObject({ status: 'loaded', lines: 2, rows: 1, rejects: 1 });
    }
    expect((await rows(store, 'SELECT reason FROM rejects ORDER BY file_id')).map((r) => (r['reason'] as string).split(' ')[0])).toEqual(['unreadable', 'unreadable', 'unreadable']);
  });
});
