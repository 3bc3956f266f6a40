/** What the crash tests share: writing access logs, killing loads, comparing databases. */
import { expect } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Store } from '../pipeline/db.js';
import { accessLine } from '../scripts/log-lines.js';
import { CLI, ENGINE_THREADS, cli } from './helpers.js';

/** The loads killed here run on the engine's threads, as a user's do (helpers.ts, ENGINE_THREADS). */
const THREADS = { FAULTLINE_THREADS: String(ENGINE_THREADS) };

/** Everything a load leaves, independent of file ids (a killed run may have used some). */
const FINGERPRINT = `
  SELECT
    (SELECT count(*) FROM http_requests) AS requests,
    (SELECT sum(hash(f.path, r.line_no, r.ts, r.client_ip, r.path, r.status)) FROM http_requests r JOIN ingested_files f USING (file_id)) AS content,
    (SELECT count(*) FROM rejects) AS rejects,
    (SELECT sum(hash(path, line_no, reason)) FROM rejects) AS reject_content,
    (SELECT list(path || ':' || offset_bytes || ':' || lines ORDER BY path) FROM ingested_files) AS manifest,
    (SELECT count(*) FROM (SELECT file_id, line_no FROM http_requests GROUP BY ALL HAVING count(*) > 1)) AS duplicates`;

export async function fingerprint(db: string): Promise<Record<string, unknown>> {
  const store = await Store.open(db);
  const [row] = await store.main.all(FINGERPRINT);
  store.close();
  return row!;
}

export function killAfter(args: string[], ms: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore', env: { ...process.env, ...THREADS } });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Access logs: `files` files of `lines` lines each, with a line that is not a request now and then. */
export function writeLogs(dir: string, files: number, lines: number): void {
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
export async function killedEqualsClean(dir: string, logs: string, killAtMs: readonly number[]): Promise<void> {
  const clean = path.join(dir, 'clean.duckdb');
  expect(cli(['ingest', logs, '--db', clean, '--quiet'], { env: THREADS }).status).toBe(0);
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
  expect(cli(['ingest', logs, '--db', db, '--quiet'], { env: THREADS }).status).toBe(0);
  expect(await fingerprint(db)).toEqual(expected);
}

