import { describe, expect, it } from 'vitest';
import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Store } from '../pipeline/db.js';
import { accessLine } from '../scripts/log-lines.js';
import { killedEqualsClean, writeLogs } from './crash-helpers.js';
import { ENGINE_THREADS, tempDir } from './helpers.js';

describe('crash safety', () => {
  it('a load killed (SIGKILL) at any point and run again equals one clean run: nothing lost, nothing twice', async () => {
    const dir = tempDir();
    const logs = path.join(dir, 'logs');
    writeLogs(logs, 3, 60_000);
    // A load of these files takes 1-2 s after the process starts (0.3-0.4 s): killed before the
    // store opens, in its statements, at a commit, or after it.
    await killedEqualsClean(dir, logs, [300, 600, 900, 1200, 1600]);
  });
});

describe('a file that changes under us', () => {
  it('appended to while it is read: the offset recorded matches what was read; the next run reads the rest', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'access.log');
    const line = (i: number): string =>
      accessLine({
        ms: Date.UTC(2026, 10, 24, 9, 0, 0) + i * 10, offsetMinutes: 0, client: '10.0.0.1', method: 'GET', path: `/p/${i}`,
        status: 200, bytes: i, userAgent: 'append-test', requestTime: 0.01,
      }) + '\n';
    let text = '';
    for (let i = 0; i < 150_000; i++) text += line(i);
    writeFileSync(file, text);
    const store = await Store.open(path.join(dir, 'f.duckdb'), { threads: ENGINE_THREADS });
    // A writer appends while the load runs.
    let appended = 150_000;
    const writer = setInterval(() => {
      let more = '';
      for (let k = 0; k < 2_000; k++) more += line(appended++);
      appendFileSync(file, more);
    }, 20);
    const { ingest } = await import('../pipeline/ingest/ingest.js');
    await ingest(store, [file]);
    clearInterval(writer);
    await ingest(store, [file]);
    const [row] = await store.main.all(
      `SELECT count(*) AS n, count(DISTINCT path) AS distinct_paths, (SELECT offset_bytes FROM ingested_files) AS offset FROM http_requests`,
    );
    store.close();
    expect(row).toEqual({ n: appended, distinct_paths: appended, offset: statSync(file).size });
  });
});
