import type { Store } from './db.js';
import { DEFAULT_BUCKET_SECONDS } from './defaults.js';
import { refreshBuckets } from './detect/buckets.js';
import { detectAnomalies, type RegionCoverage } from './detect/detect.js';
import { writeIncidents } from './detect/write-incidents.js';
import { rankIncidents } from './rank/ranker.js';
import { mineTemplates } from './rank/templates.js';

export { DEFAULT_BUCKET_SECONDS } from './defaults.js';

export interface AnalyseOptions {
  /** Bucket size in seconds (`--bucket`). */
  bucketSeconds?: number;
  /** Called while DuckDB rebuilds the buckets (the longest statement), for work of this thread. */
  whileBuilding?: () => void;
}

export interface AnalyseResult {
  incidents: number;
  anomalies: number;
  buckets: number;
  /** Per region: buckets, how many were judged, which kinds of data. */
  coverage: RegionCoverage[];
  /** Seconds spent per stage. */
  timings: { buckets: number; templates: number; detection: number; incidents: number; ranking: number };
}

/**
 * `faultline detect`: the stages after ingest, in their order — region buckets (only those
 * ingest touched), message templates, detection (anomalies), incidents, ranked causes. Each
 * stage reads what the one before wrote to the database and owns the tables it writes; none
 * imports a later one.
 */
export async function analyse(store: Store, options: AnalyseOptions = {}): Promise<AnalyseResult> {
  const bucketSeconds = options.bucketSeconds ?? DEFAULT_BUCKET_SECONDS;
  const buckets = await refreshBuckets(store, bucketSeconds, options.whileBuilding);
  const templates = await mineTemplates(store);
  const detection = await detectAnomalies(store, bucketSeconds);
  const incidents = await writeIncidents(store, detection.alarms, detection.series, bucketSeconds);
  const ranking = await rankIncidents(store);
  return {
    incidents: incidents.incidents,
    anomalies: detection.anomalies,
    buckets: buckets.buckets,
    coverage: detection.coverage,
    timings: {
      buckets: buckets.seconds,
      templates: templates.seconds,
      detection: detection.seconds,
      incidents: incidents.seconds,
      ranking: ranking.seconds,
    },
  };
}
