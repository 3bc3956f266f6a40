import { describe, expect, it } from 'vitest';
import { appendFileSync, copyFileSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { Store } from '../../pipeline/db.js';
import { accessLine } from '../../scripts/log-lines.js';
import { FIXTURES, counts, memoryStore, num, rows, tempDir } from '../helpers.js';

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

/** `n` access lines starting at request number `from`; each names its number in the path. */
function accessLines(from: number, n: number): string {
  let text = '';
  for (let i = from; i < from + n; i++) {
    text += accessLine({
      ms: T0 + i * 1000, offsetMinutes: 0, client: `10.0.${i % 250}.${i % 200}`, method: 'GET', path: `/item/${i}`,
      status: i % 10 === 0 ? 500 : 200, bytes: 100 + i, userAgent: 'test-agent', requestTime: 0.01,
    }) + '\n';
  }
  return text;
}

describe('ingested files (idempotent and incremental ingest)', () => {
  it('adds nothing when the same files are ingested again', async () => {
    const store = await memoryStore();
    const inputs = [path.join(FIXTURES, 'access-mixed.log'), path.join(FIXTURES, 'app.jsonl')];
    await ingest(store, inputs);
    const first = await counts(store);
    const again = await ingest(store, inputs);
    expect(again.files.map((f) => f.status)).toEqual(['unchanged', 'unchanged']);
    expect(await counts(store)).toEqual(first);
  });

  it('reads a grown file from where it stopped, numbering lines on', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'access.log');
    writeFileSync(file, accessLines(0, 100));
    const store = await memoryStore();
    await ingest(store, [file]);
    appendFileSync(file, accessLines(100, 50) + 'garbage\n');
    const second = await ingest(store, [file]);
    expect(second.files[0]).toMatchObject({ status: 'loaded', lines: 51, rows: 50, rejects: 1 });
    expect(await num(store, 'SELECT count(*) FROM http_requests')).toBe(150);
    // Every row's line number points at its own line: /item/N is on line N+1.
    expect(await num(store, `SELECT count(*) FROM http_requests WHERE path <> '/item/' || (line_no - 1)`)).toBe(0);
    expect(await rows(store, 'SELECT line_no FROM rejects')).toEqual([{ line_no: 151 }]);
    expect(await rows(store, 'SELECT lines, rows_loaded, rejects, next_line FROM ingested_files')).toEqual([
      { lines: 151, rows_loaded: 150, rejects: 1, next_line: 152 },
    ]);
  });

  it('recognises a rotation (rename, then compression) and reads only what is new', async () => {
    const dir = tempDir();
    const live = path.join(dir, 'access.log');
    writeFileSync(live, accessLines(0, 200));
    const store = await memoryStore();
    await ingest(store, [dir]);

    // More lines arrive, then logrotate renames the file and starts a new one.
    appendFileSync(live, accessLines(200, 30));
    renameSync(live, path.join(dir, 'access.log.1'));
    writeFileSync(live, accessLines(230, 20));
    const run2 = await ingest(store, [dir]);
    expect(run2.files.map((f) => [path.basename(f.path), f.status, f.rows])).toEqual([
      ['access.log', 'loaded', 20],
      ['access.log.1', 'loaded', 30],
    ]);

    // Next rotation: .1 is compressed to .2.gz, the live file becomes .1.
    const rotated = readFileSync(path.join(dir, 'access.log.1'));
    writeFileSync(path.join(dir, 'access.log.2.gz'), gzipSync(rotated));
    renameSync(live, path.join(dir, 'access.log.1'));
    writeFileSync(live, accessLines(250, 5));
    const run3 = await ingest(store, [dir]);
    expect(run3.files.map((f) => [path.basename(f.path), f.status, f.rows])).toEqual([
      ['access.log', 'loaded', 5],
      ['access.log.1', 'unchanged', 0],
      ['access.log.2.gz', 'unchanged', 0],
    ]);
    expect(await num(store, 'SELECT count(*) FROM http_requests')).toBe(255);
    expect(await num(store, 'SELECT count(DISTINCT path) FROM http_requests')).toBe(255);
  });

  it('treats a file truncated in place (copytruncate) and rewritten as a new stream', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'access.log');
    writeFileSync(file, accessLines(0, 100));
    const store = await memoryStore();
    await ingest(store, [file]);
    truncateSync(file, 0);
    writeFileSync(file, accessLines(100, 10));
    const run = await ingest(store, [file]);
    expect(run.files[0]).toMatchObject({ status: 'loaded', rows: 10 });
    expect(await num(store, 'SELECT count(*) FROM http_requests')).toBe(110);
    expect(await num(store, 'SELECT count(*) FROM ingested_files')).toBe(2);
  });

  it('reads .gz files and a small file that grows past the fingerprint length', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'old.log.gz'), gzipSync(accessLines(0, 300)));
    const small = path.join(dir, 'small.log');
    writeFileSync(small, accessLines(300, 2));
    const store = await memoryStore();
    await ingest(store, [dir]);
    appendFileSync(small, accessLines(302, 40));
    const run = await ingest(store, [dir]);
    expect(run.files.map((f) => [path.basename(f.path), f.status, f.rows])).toEqual([
      ['old.log.gz', 'unchanged', 0],
      ['small.log', 'loaded', 40],
    ]);
    expect(await num(store, 'SELECT count(*) FROM http_requests')).toBe(342);
  });

  it('keeps every line across block and batch boundaries (lines = rows + rejects)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.log');
    let text = '';
    for (let i = 0; i < 40; i++) text += accessLines(i * 50, 50) + (i % 7 === 0 ? 'bad line\n\n' : '');
    writeFileSync(file, text.replace(/\n$/, ''));
    const store = await memoryStore();
    const run = await ingest(store, [file], { sizes: { blockBytes: 3000, batchBlocks: 4 } });
    const nonEmpty = text.split('\n').filter((l) => l !== '').length;
    expect(run.files[0]).toMatchObject({ lines: nonEmpty, rows: 2000, rejects: 6 });
    expect(await num(store, 'SELECT count(DISTINCT line_no) FROM http_requests')).toBe(2000);
    // Physical line numbers survive the empty lines after each bad line.
    const physical = text.split('\n');
    const rejects = await rows(store, 'SELECT line_no FROM rejects ORDER BY 1');
    for (const r of rejects) expect(physical[(r['line_no'] as number) - 1]).toBe('bad line');
    const loaded = await rows(store, 'SELECT line_no, path FROM http_requests');
    const misplaced = loaded.filter((r) => !physical[(r['line_no'] as number) - 1]!.includes(`"GET ${r['path']} `));
    expect(misplaced).toEqual([]);
  });

  it('accounts for rejects and comments spread over many blocks, with several rows a line', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'metrics.influx');
    let text = '';
    for (let i = 1; i <= 600; i++) {
      if (i % 10 === 0) text += '# a comment\n';
      else if (i % 13 === 0) text += `cpu,host=web-1 usage_idle=oops ${1795514400 + i}000000000\n`;
      else text += `cpu,host=web-1,region=eu-central-1 usage_idle=${i % 100},usage_user=1 ${1795514400 + i}000000000\n`;
    }
    writeFileSync(file, text);
    writeFileSync(`${file}.gz`, gzipSync(text));
    const expected = { lines: 600, ignored: 60, rejects: 42, rows: 2 * (600 - 60 - 42) };
    // Tiny blocks: more than one statement's worth of blocks to parse again; a gzip stream: batches.
    for (const [input, blockBytes] of [[file, 100], [file, 4000], [`${file}.gz`, 400]] as const) {
      const store = await memoryStore();
      const run = await ingest(store, [input], { sizes: { blockBytes, batchBlocks: 4 } });
      expect(run.files[0]).toMatchObject(expected);
      const rejected = await rows(store, 'SELECT line_no FROM rejects ORDER BY 1');
      expect(rejected.map((r) => r['line_no'])).toEqual(
        Array.from({ length: 600 }, (_, k) => k + 1).filter((i) => i % 13 === 0 && i % 10 !== 0),
      );
      expect(await num(store, 'SELECT count(DISTINCT line_no) FROM metric_samples')).toBe(600 - 60 - 42);
    }
  });

  it('persists in a database file: a second process-like open sees the manifest', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'f.duckdb');
    copyFileSync(path.join(FIXTURES, 'access-mixed.log'), path.join(dir, 'a.log'));
    let store = await Store.open(db);
    await ingest(store, [path.join(dir, 'a.log')]);
    store.close();
    store = await Store.open(db);
    const run = await ingest(store, [path.join(dir, 'a.log')]);
    expect(run.files[0]!.status).toBe('unchanged');
    expect(await num(store, 'SELECT count(*) FROM http_requests')).toBe(6);
    store.close();
  });
});
