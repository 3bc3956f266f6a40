import { createHash } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { sqlFile, type Store } from './db.js';

/** What `export --parquet` writes: each table with its time column, as kind=<table>/. */
export const EXPORTED: readonly { table: string; ts: string }[] = [
  { table: 'http_requests', ts: 'ts' },
  { table: 'log_lines', ts: 'ts' },
  { table: 'metric_samples', ts: 'ts' },
  { table: 'flows', ts: 'start_ts' },
  { table: 'changes', ts: 'ts' },
  { table: 'auth_events', ts: 'ts' },
  { table: 'region_buckets', ts: 'bucket_start' },
  { table: 'anomalies', ts: 'bucket_start' },
];

/**
 * `faultline export --parquet DIR`: the data as Hive-partitioned Parquet,
 * DIR/kind=<table>/region=<region>/date=<YYYY-MM-DD>/part-<range>-<n>.parquet, for Spark, Trino
 * or Athena. Idempotent: the files of an earlier export of the same range are replaced.
 */
export async function exportParquet(store: Store, dir: string, since: string | null, until: string | null): Promise<{ table: string; rows: number }[]> {
  const out: { table: string; rows: number }[] = [];
  await mkdir(dir, { recursive: true });
  // Files are named after the range they hold: exporting the same range again replaces them.
  const range = createHash('sha256').update(`${since ?? ''}|${until ?? ''}`).digest('hex').slice(0, 12);
  for (const { table, ts } of EXPORTED) {
    await removeRange(path.join(dir, `kind=${table}`), `part-${range}-`);
    const sql = sqlFile('export/parquet')
      .replaceAll('{table}', () => table)
      .replaceAll('{ts}', () => ts)
      .replaceAll('{range}', () => range);
    const rows = await store.main.change(sql, { dir: path.join(dir, `kind=${table}`), since, until });
    out.push({ table, rows });
  }
  return out;
}

/** Delete the files under `dir` (recursively) whose names start with `prefix`. */
async function removeRange(dir: string, prefix: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const e of entries) if (e.isFile() && e.name.startsWith(prefix)) await rm(path.join(e.parentPath ?? e.path, e.name));
}
