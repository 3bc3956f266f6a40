import { createHash } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { sqlFile, type Store } from './db.js';
import { boundTime, type TimeBound } from './time.js';

/** What `export --parquet` writes: each table by its time column, as kind=<table>/. */
const TIME_COLUMN_OF: Record<string, string> = {
  http_requests: 'ts', log_lines: 'ts', metric_samples: 'ts', flows: 'start_ts', changes: 'ts',
  auth_events: 'ts', region_buckets: 'bucket_start', anomalies: 'bucket_start',
};
export const EXPORTED: readonly { table: string; ts: string }[] = Object.entries(TIME_COLUMN_OF).map(([table, ts]) => ({ table, ts }));

/**
 * `faultline export --parquet DIR`: the data as Hive-partitioned Parquet,
 * DIR/kind=<table>/region=<region>/date=<YYYY-MM-DD>/part-<range>-<n>.parquet, for Spark, Trino
 * or Athena. Idempotent: the files of an earlier export of the same range are replaced.
 */
export async function exportParquet(store: Store, dir: string, sinceBound?: TimeBound, untilBound?: TimeBound): Promise<{ table: string; rows: number }[]> {
  const [since = null, until = null] = await resolveBounds(store, [sinceBound, untilBound]);
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

/** The ISO times the bounds stand for; a duration counts back from the latest time in the data (export/data-end). */
async function resolveBounds(store: Store, bounds: (TimeBound | undefined)[]): Promise<(string | null)[]> {
  const [row] = bounds.some((b) => b && 'ago' in b) ? await store.main.allFile('export/data-end') : [];
  const end = row?.['end_ms'] == null ? null : Number(row['end_ms']);
  return bounds.map((b) => {
    const t = b ? boundTime(b, end) : null;
    return t === null ? null : new Date(t).toISOString();
  });
}

/** Delete the files under `dir` (recursively) whose names start with `prefix`. */
async function removeRange(dir: string, prefix: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const e of entries) if (e.isFile() && e.name.startsWith(prefix)) await rm(path.join(e.parentPath ?? e.path, e.name));
}
