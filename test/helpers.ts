import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { Store, sqlFile, type OpenOptions, type Row } from '../pipeline/db.js';
import { registerBlocks } from '../pipeline/ingest/blocks.js';

export const FIXTURES = path.resolve(__dirname, 'fixtures');
export const ROOT = path.resolve(__dirname, '..');
export const CLI = path.join(ROOT, 'dist', 'pipeline', 'cli.js');
export const SAMPLE = path.join(ROOT, 'sample-logs');

const cleanups: (() => void)[] = [];
/** Remove the temporary directories and close the stores of the test that just ran (test/setup.ts, after each test). */
export function cleanUp(): void {
  while (cleanups.length) cleanups.pop()!();
}

/** A fresh temporary directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'faultline-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A store on a database file (or ':memory:'), closed after the test. */
export async function openStore(db: string, options?: OpenOptions): Promise<Store> {
  const store = await Store.open(db, options);
  cleanups.push(() => store.close());
  return store;
}

/** A store in memory, closed after the test. */
export function memoryStore(options?: OpenOptions): Promise<Store> {
  return openStore(':memory:', options);
}

/**
 * The test run gives DuckDB one thread (FAULTLINE_THREADS, vitest.config.ts); the tests of loads
 * in parallel and killed mid-way ask for two, as the engine runs on a user's 2-core machine.
 */
export const ENGINE_THREADS = 2;

let sampleBuilt: string | undefined;
/**
 * A database of the bundled sample after `faultline run --inventory` (ingest and detect), as a
 * copy of its own in a temporary directory. Built once by the CLI per test worker (test files in
 * a worker share this module) for the tests that read a loaded sample rather than test loading it.
 */
export function sampleDb(): string {
  if (!sampleBuilt) {
    const dir = mkdtempSync(path.join(tmpdir(), 'faultline-sample-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    const db = path.join(dir, 'sample.duckdb');
    const run = cli(['run', SAMPLE, '--db', db, '--inventory', path.join(SAMPLE, 'inventory.csv'), '--quiet', '--json']);
    if (run.status !== 0) throw new Error(`faultline run on the sample failed: ${run.stderr}`);
    sampleBuilt = db;
  }
  const copy = path.join(tempDir(), 'sample.duckdb');
  copyFileSync(sampleBuilt, copy);
  return copy;
}

/** Rows of a query on the store's main session. */
export function rows(store: Store, sql: string, params?: Record<string, string | number>): Promise<Row[]> {
  return store.main.all(sql, params);
}

/** A single number from a query such as `SELECT count(*) AS n FROM t`. */
export async function num(store: Store, sql: string): Promise<number> {
  const [row] = await store.main.all(sql);
  return Number(Object.values(row!)[0]);
}

/** Every table's row count, to compare runs. */
export async function counts(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['http_requests', 'log_lines', 'metric_samples', 'flows', 'changes', 'rejects', 'ingested_files']) {
    out[t] = await num(store, `SELECT count(*) FROM ${t}`);
  }
  return out;
}

/** Run the built CLI (`npm test` builds first). */
export function cli(args: string[], options: { input?: string | Buffer; cwd?: string; env?: Record<string, string> } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    input: options.input,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** A seeded pseudo-random integer below n: the same sequence for the same seed, run after run. */
export function seeded(seed: number): (n: number) => number {
  let x = seed;
  return (n) => ((x = (x * 1103515245 + 12345) & 0x7fffffff), x % n);
}

/**
 * `count` lines made from `seeds`, each by `minEdits` to `minEdits + 2` edits at random places: a
 * mark from `marks` put in (two times in three) and up to two characters cut. Empty ones dropped.
 */
export function mutatedLines(seeds: readonly string[], marks: readonly string[], count: number, seed: number, minEdits: number): string[] {
  const next = seeded(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let l = seeds[next(seeds.length)]!;
    for (let k = minEdits + next(3); k > 0; k--) {
      const at = next(l.length + 1);
      l = l.slice(0, at) + (next(3) ? marks[next(marks.length)]! : '') + l.slice(at + next(3));
    }
    if (l) out.push(l);
  }
  return out;
}

/**
 * Parse `lines` with `queries/ingest/parse/<format>.sql` and with the same SQL where `from` is
 * replaced by `to` (e.g. a fast way turned off), in a fresh in-memory store: how many rows differ
 * each way (`EXCEPT ALL`), the row count, and the `extra` counts (name: a WHERE over the first way).
 * `input` selects the parse's input columns from the temp table `corpus(line_no, line)`.
 */
export async function parseTwoWays(
  format: string,
  lines: readonly string[],
  input: string,
  swap: { from: string; to: string },
  extra: Record<string, string> = {},
  params?: Record<string, null>,
): Promise<{ store: Store; counts: Row }> {
  const store = await memoryStore();
  registerBlocks(store.main);
  await store.main.runFile('ingest/session');
  await store.main.run('CREATE TEMP TABLE corpus (line_no BIGINT, line VARCHAR)');
  await store.main.appendColumns('corpus', [lines.map((_, i) => i + 1), [...lines]], 'temp');
  const parse = sqlFile(`ingest/parse/${format}`);
  if (!parse.includes(swap.from)) throw new Error(`parse/${format} no longer holds ${swap.from}`);
  const extras = Object.entries(extra).map(([name, where]) => `(SELECT count(*) FROM one WHERE ${where}) AS ${name}`);
  const [counts] = await store.main.all(
    `WITH one AS (SELECT * FROM (WITH input AS (${input}) ${parse})),
          other AS (SELECT * FROM (WITH input AS (${input}) ${parse.replace(swap.from, swap.to)}))
     SELECT (SELECT count(*) FROM one) AS lines,
            (SELECT count(*) FROM (SELECT * FROM one EXCEPT ALL SELECT * FROM other)) AS differ,
            (SELECT count(*) FROM (SELECT * FROM other EXCEPT ALL SELECT * FROM one)) AS differ_back
            ${extras.map((e) => ', ' + e).join('')}`,
    params,
  );
  return { store, counts: counts! };
}
