import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ingest, sharedLoads } from '../../pipeline/ingest/ingest.js';
import { spawnSync } from 'node:child_process';
import { CLI, ENGINE_THREADS, FIXTURES, SAMPLE, cli, counts, memoryStore, num, rows, tempDir } from '../helpers.js';

describe('parallel ingest', () => {
  it('loads many files at once with the same result as one at a time, and never reads a stream twice', async () => {
    const dir = tempDir();
    for (const region of ['a', 'b', 'c']) {
      const d = path.join(dir, `region=${region}`);
      mkdirSync(d);
      for (const f of ['access-mixed.log', 'app.jsonl', 'telegraf.influx', 'flows.log', 'syslog-3164.log']) {
        copyFileSync(path.join(FIXTURES, f), path.join(d, f));
      }
      // A rotated copy beside its live file: the same stream, to be read once.
      writeFileSync(path.join(d, 'access-mixed.log.1.gz'), gzipSync(readFileSync(path.join(FIXTURES, 'access-mixed.log'))));
    }
    const serial = await memoryStore();
    await ingest(serial, [dir], { concurrency: 1, year: 2025 });
    const parallel = await memoryStore({ threads: ENGINE_THREADS });
    const run = await ingest(parallel, [dir], { concurrency: 4, year: 2025 });
    expect(run.failed).toBe(0);
    expect(await counts(parallel)).toEqual(await counts(serial));
    expect(await num(parallel, 'SELECT count(*) FROM http_requests')).toBe(3 * 6);
    expect(await num(parallel, 'SELECT count(*) FROM ingested_files WHERE lines <> lines_loaded + rejects + ignored')).toBe(0);
    expect(await rows(parallel, `SELECT count(*) AS files, sum(lines) AS lines FROM ingested_files`)).toEqual(
      await rows(serial, `SELECT count(*) AS files, sum(lines) AS lines FROM ingested_files`),
    );
  });
});

describe('shared loads', () => {
  const split = (files: [string, number][], limits: { files: number; bytes: number }): string[][] =>
    sharedLoads(files.map(([format, bytes], i) => ({ format, bytes, name: `${format}${i}` })), (f) => f.format, (f) => f.bytes, limits).map((load) => load.map((f) => f.name));

  it('puts the small files of a format in as few loads as the limits allow, of about equal size, in their order', () => {
    const ten = Array.from({ length: 10 }, (): [string, number] => ['access', 100]);
    // 1,000 bytes under 450 a load: three loads, not 450 + 450 + 100 (a small load beside big ones).
    expect(split(ten, { files: 100, bytes: 450 }).map((l) => l.length)).toEqual([3, 4, 3]);
    expect(split(ten, { files: 100, bytes: 450 }).flat()).toEqual(ten.map((_, i) => `access${i}`));
    // Under the file limit: as many loads as it takes, never more files than the limit.
    expect(split(ten, { files: 4, bytes: 1e9 }).map((l) => l.length)).toEqual([3, 4, 3]);
    expect(split(ten, { files: 100, bytes: 1e9 })).toHaveLength(1);
    // Uneven files: no load over the limit, and each format apart.
    const mixed: [string, number][] = [['jsonl', 300], ['access', 50], ['jsonl', 10], ['jsonl', 290], ['access', 60], ['jsonl', 300]];
    const loads = split(mixed, { files: 100, bytes: 600 });
    expect(loads).toEqual([['jsonl0', 'jsonl2'], ['jsonl3', 'jsonl5'], ['access1', 'access4']]);
    expect(split([], { files: 1, bytes: 1 })).toEqual([]);
  });

  it('keeps a pile of many tiny files in one load (loads of 1,024 left each under a row group, written twice)', () => {
    const tiny = Array.from({ length: 10_000 }, (): [string, number] => ['access', 16_300]);
    expect(sharedLoads(tiny, ([format]) => format, ([, bytes]) => bytes)).toHaveLength(1);
  });

  it('loads 2,000 small files (more than a load held before) line for line as their concatenation, each with its manifest row', async () => {
    const dir = tempDir();
    const fixture = readFileSync(path.join(FIXTURES, 'access-mixed.log'), 'utf8');
    const texts: string[] = [];
    for (let i = 0; i < 2000; i++) {
      // A first line of its own, so no file starts as another does (that would be a rotation of it).
      const text = `10.0.${i >> 8}.${i & 255} - - [24/Nov/2026:09:00:00 +0000] "GET /p/${i} HTTP/1.1" 200 1 "-" "t"\n${fixture}`;
      writeFileSync(path.join(dir, `access-${String(i).padStart(4, '0')}.log`), text);
      texts.push(text);
    }
    const joined = path.join(tempDir(), 'access.log');
    writeFileSync(joined, texts.join(''));
    const pile = await memoryStore({ threads: ENGINE_THREADS });
    expect((await ingest(pile, [dir])).failed).toBe(0);
    const one = await memoryStore({ threads: ENGINE_THREADS });
    await ingest(one, [joined]);
    const { ingested_files: files, ...tables } = await counts(pile);
    const { ingested_files: _, ...oneTables } = await counts(one);
    expect(files).toBe(2000);
    expect(tables).toEqual(oneTables);
    expect(tables['http_requests']).toBe(2000 * 7);
    const lines = fixture.split('\n').filter(Boolean).length + 1;
    expect(await num(pile, `SELECT count(*) FROM ingested_files WHERE lines = ${lines} AND lines = lines_loaded + rejects + ignored AND offset_bytes = size_bytes`)).toBe(2000);
    expect(await num(pile, 'SELECT count(DISTINCT path) FROM ingested_files')).toBe(2000);
    // Again: nothing new.
    const again = await ingest(pile, [dir]);
    expect(again.files.filter((f) => f.status !== 'unchanged')).toEqual([]);
    expect((await counts(pile))['http_requests']).toBe(2000 * 7);
  });
});

describe('progress', () => {
  // `script` (util-linux, on every Debian) provides the pseudo-terminal.
  const hasScript = spawnSync('script', ['--version']).status === 0;

  it.skipIf(!hasScript)('draws a live line on a terminal, and none with --quiet or without a terminal', () => {
    const db = path.join(tempDir(), 'f.duckdb');
    const tty = (extra: string): string => {
      const command = `${process.execPath} ${CLI} ingest ${SAMPLE} --db ${db} --concurrency 1 ${extra}`;
      return spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' }).stdout;
    };
    const shown = tty('');
    expect(shown).toMatch(/\r\x1b\[2Kingest: \d+\/\d+ files, [\d,]+ lines, [\d.]+ MB\/s, 0 rejects/);
    const quiet = tty('--quiet');
    expect(quiet).not.toContain('\x1b[2K');
    expect(quiet).toMatch(/ingest: 0 files loaded .* 36 unchanged/);
    const piped = cli(['ingest', SAMPLE, '--db', db]);
    expect(piped.stderr).not.toContain('\x1b[2K');
  });
});
