import { mkdir } from 'node:fs/promises';
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
 * DIR/kind=<table>/region=<region>/date=<YYYY-MM-DD>/part-*.parquet, for Spark, Trino or Athena.
 */
export async function exportParquet(store: Store, dir: string, since: string | null, until: string | null): Promise<{ table: string; rows: number }[]> {
  const out: { table: string; rows: number }[] = [];
  await mkdir(dir, { recursive: true });
  for (const { table, ts } of EXPORTED) {
    const sql = sqlFile('export/parquet').replaceAll('{table}', () => table).replaceAll('{ts}', () => ts);
    const rows = await store.main.change(sql, { dir: path.join(dir, `kind=${table}`), since, until });
    out.push({ table, rows });
  }
  return out;
}
