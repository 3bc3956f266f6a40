import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { Store } from '../pipeline/db.js';
import { accessLine } from '../scripts/log-lines.js';
import { CLI, cli, tempDir } from './helpers.js';

/** Everything a load leaves, independent of file ids (a killed run may have used some). */
const FINGERPRINT = `
  SELECT
    (SELECT count(*) FROM http_requests) AS requests,
    (SELECT sum(hash(f.path, r.line_no, r.ts, r.client_ip, r.path, r.status)) FROM http_requests r JOIN ingested_files f USING (file_id)) AS content,
    (SELECT count(*) FROM rejects) AS rejects,
    (SELECT sum(hash(path, line_no, reason)) FROM rejects) AS reject_content,
    (SELECT list(path || ':' || offset_bytes || ':' || lines ORDER BY path) FROM ingested_files) AS manifest,
    (SELECT count(*) FROM (SELECT file_id, line_no FROM http_requests GROUP BY ALL HAVING count(*) > 1)) AS duplicates`;

async function fingerprint(db: string): Promise<Record<string, unknown>> {
  const store = await Store.open(db);
  const [row] = await store.main.all(FINGERPRINT);
  store.close();
  return row!;
}

function killAfter(args: string[], ms: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Access logs: `files` files of `lines` lines each, with a line that is not a request now and then. */
function writeLogs(dir: string, files: number, lines: number): void {
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < files; f++) {
    let text = '';
    for (let i = 0; i < lines; i++) {
      text += accessLine({
        ms: Date.UTC(2026, 10, 24, f % 24, 0, 0) + i * 20, offsetMinutes: 0, client: `10.${f % 250}.${i % 250}.${i % 200}`, method: 'GET',
        path: `/f${f}/${i}`, status: i % 97 ? 200 : 500, bytes: i, userAgent: 'crash-test', requestTime: 0.01,
      }) + '\n';
      if (i % 50_000 === 0) text += 'a line that is not a request\n';
    }
    writeFileSync(path.join(dir, `access-${f}.log`), text);
  }
}

/** Load `logs` cleanly; then kill loads of it at several points, run once more, and compare. */
async function killedEqualsClean(dir: string, logs: string, killAtMs: readonly number[]): Promise<void> {
  const clean = path.join(dir, 'clean.duckdb');
  expect(cli(['ingest', logs, '--db', clean, '--quiet']).status).toBe(0);
  const expected = await fingerprint(clean);
  expect(expected['duplicates']).toBe(0);

  const db = path.join(dir, 'killed.duckdb');
  const codes: (number | null)[] = [];
  for (const ms of killAtMs) {
    codes.push(await killAfter(['ingest', logs, '--db', db, '--quiet', '--concurrency', '1'], ms));
  }
  // At least one run really died mid-way (not every kill lands after the run finished).
  expect(codes.filter((c) => c === null).length).toBeGreaterThan(0);
  if (process.env['FAULTLINE_VERBOSE']) console.log('exit codes of the killed runs:', codes);
  expect(cli(['ingest', logs, '--db', db, '--quiet']).status).toBe(0);
  expect(await fingerprint(db)).toEqual(expected);
}

describe('crash safety', () => {
  it('a load killed (SIGKILL) at any point and run again equals one clean run: nothing lost, nothing twice', async () => {
    const dir = tempDir();
    const logs = path.join(dir, 'logs');
    writeLogs(logs, 3, 120_000);
    await killedEqualsClean(dir, logs, [150, 500, 900, 1400, 2000]);
  });

  it('the same for a pile of small files loaded many to a statement', async () => {
    const dir = tempDir();
    const logs = path.join(dir, 'logs');
    // 260 small files, every 13th gzipped: one shared load, one transaction.
    writeLogs(logs, 260, 200);
    for (let f = 0; f < 260; f += 13) {
      const plain = path.join(logs, `access-${f}.log`);
      writeFileSync(`${plain}.gz`, gzipSync(readFileSync(plain)));
      rmSync(plain);
    }
    await killedEqualsClean(dir, logs, [150, 300, 500, 800]);
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
    for (let i = 0; i < 300_000; i++) text += line(i);
    writeFileSync(file, text);
    const store = await Store.open(path.join(dir, 'f.duckdb'));
    // A writer appends while the load runs.
    let appended = 300_000;
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
