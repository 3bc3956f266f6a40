import { sqlFile, type Store } from '../db.js';

/**
 * A silence of a region no longer than this is stored as empty (zero) buckets: a few quiet
 * minutes are a real drop in traffic. A longer gap (a host down for a week, an old rotated file,
 * a wrong clock) stays a gap — "no data", judged neither as zero nor at all — so the number of
 * buckets follows the data and never the time span.
 */
export const GAP_FILL_SECONDS = 60 * 60;

/** What a bucket refresh did. */
export interface BucketRefresh {
  regions: number;
  buckets: number;
  seconds: number;
}

/**
 * Bring region_buckets up to date: rebuild only the buckets of the regions and times that
 * ingest marked in bucket_dirty (everything, when the bucket size changed). A range that starts
 * after (or ends before) the buckets already there is widened to rebuild the nearest existing
 * bucket, so a short silence between old and new data is zero-filled as within one load.
 * `whileBuilding` is called once the rebuild runs in DuckDB's threads, for work of this thread.
 */
export async function refreshBuckets(store: Store, bucketSeconds: number, whileBuilding?: () => void): Promise<BucketRefresh> {
  const started = performance.now();
  const db = store.main;
  const step = bucketSeconds * 1000;
  return db.transaction(async () => {
    const [other] = await db.all('SELECT count(*) AS n FROM region_buckets WHERE bucket_seconds <> $b', { b: bucketSeconds });
    if ((other!['n'] as number) > 0) {
      await db.run('DELETE FROM region_buckets');
      await db.runFile('detect/all-data-dirty');
    }
    const ranges = await db.allFile('detect/dirty-ranges', { b: bucketSeconds });
    await db.run('CREATE OR REPLACE TEMP TABLE bucket_ranges (region VARCHAR, from_ts TIMESTAMPTZ, to_ts TIMESTAMPTZ)');
    for (const r of ranges) {
      let from = Math.floor(Date.parse(r['from_ts'] as string) / step) * step;
      let to = Math.floor(Date.parse(r['to_ts'] as string) / step) * step + step;
      const lastEnd = r['last_bucket'] ? Date.parse(r['last_bucket'] as string) + step : undefined;
      const firstStart = r['first_bucket'] ? Date.parse(r['first_bucket'] as string) : undefined;
      if (lastEnd !== undefined && lastEnd <= from) from = lastEnd - step;
      if (firstStart !== undefined && to <= firstStart) to = firstStart + step;
      await db.run('INSERT INTO bucket_ranges VALUES ($region, $from, $to)', {
        region: r['region'] as string,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      });
    }
    await db.runFile('detect/delete-buckets');
    const building = db.change(sqlFile('detect/buckets'), { bucket_seconds: bucketSeconds, fill_seconds: GAP_FILL_SECONDS });
    whileBuilding?.();
    const buckets = await building;
    await db.run('DELETE FROM bucket_dirty');
    await db.run('DROP TABLE bucket_ranges');
    return { regions: ranges.length, buckets, seconds: (performance.now() - started) / 1000 };
  });
}

