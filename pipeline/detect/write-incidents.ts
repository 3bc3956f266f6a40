import { listValue } from '@duckdb/node-api';
import type { Store } from '../db.js';
import { SeriesBaseline } from './baseline.js';
import type { RegionSeries } from './detect.js';
import { MIN_REQUESTS_FOR_LATENCY } from './detectors.js';
import { assemble, incidentId, severityOf, type IncidentShape, type RegionAlarm } from './incidents.js';

/** Alarms of one region this many buckets apart are one episode. */
const EPISODE_GAP_BUCKETS = 3;
/** Episodes of different regions whose onsets are this close are one incident. */
const ONSET_MS = 3 * 60_000;
/** "Slow" for impact: at least this, and at least 3 × the usual p95. */
const SLOW_FLOOR_MS = 1000;
const SLOW_FACTOR = 3;

/**
 * The incidents stage: assemble alarms into incidents and rewrite the incidents table with
 * impact (requests, failed, clients, missing) and severity. The ranker writes the summary.
 */
export async function writeIncidents(
  store: Store,
  found: readonly RegionAlarm[],
  series: Map<string, RegionSeries>,
  bucketSeconds: number,
): Promise<{ incidents: number; seconds: number }> {
  const started = performance.now();
  const stepMs = bucketSeconds * 1000;
  const shapes = assemble(found, { gapMs: EPISODE_GAP_BUCKETS * stepMs, onsetMs: ONSET_MS });
  await store.main.transaction(async () => {
    await store.main.run('DELETE FROM incidents');
    for (const shape of shapes) await writeIncident(store, shape, series, stepMs);
  });
  return { incidents: shapes.length, seconds: (performance.now() - started) / 1000 };
}

async function writeIncident(store: Store, shape: IncidentShape, seriesOf: Map<string, RegionSeries>, stepMs: number): Promise<void> {
  let missing = 0;
  let usualP95 = 0;
  let peakP95 = 0;
  for (const span of shape.spans) {
    const { times, requests, p95: rawP95 } = seriesOf.get(span.region)!;
    const baseline = new SeriesBaseline(times);
    const first = times.indexOf(span.startMs);
    const last = times.indexOf(span.endMs - stepMs);
    for (let i = first; i <= last; i++) baseline.exclude(i);
    const p95 = rawP95.map((v, i) => (requests[i]! >= MIN_REQUESTS_FOR_LATENCY ? v : null));
    for (let i = first; i <= last; i++) {
      const usual = baseline.at(i, requests);
      if (usual) missing += Math.max(0, usual.expected - requests[i]!);
      peakP95 = Math.max(peakP95, p95[i] ?? 0);
    }
    usualP95 = Math.max(usualP95, baseline.at(first, p95)?.expected ?? 0);
  }
  const [impact] = await store.main.allFile('detect/impact', {
    regions: listValue(shape.regions),
    start: new Date(shape.startMs).toISOString(),
    end: new Date(shape.endMs).toISOString(),
    slow_ms: Math.max(SLOW_FLOOR_MS, SLOW_FACTOR * usualP95),
  });
  const requests = (impact!['requests'] as number) ?? 0;
  const failed = (impact!['failed_requests'] as number) ?? 0;
  const severity = severityOf({
    requests,
    failedRequests: failed,
    missingRequests: Math.round(missing),
    latencyFactor: usualP95 ? peakP95 / usualP95 : 1,
    minutes: (shape.endMs - shape.startMs) / 60_000,
  });
  await store.main.runFile('detect/insert-incident', {
    id: incidentId(shape.startMs, shape.regions[0]!),
    start: new Date(shape.startMs).toISOString(),
    end: new Date(shape.endMs).toISOString(),
    regions: listValue(shape.regions),
    symptoms: listValue(shape.symptoms),
    severity,
    peak: shape.peak,
    requests,
    failed,
    clients: (impact!['clients'] as number) ?? 0,
    missing: Math.round(missing),
    // The ranker writes the summary, with the likely cause.
    summary: null,
  });
}
