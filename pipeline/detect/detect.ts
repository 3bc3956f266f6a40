import { listValue, timestampTZValue } from '@duckdb/node-api';
import type { Store } from '../db.js';
import type { Symptom } from '../types.js';
import { SeriesBaseline } from './baseline.js';
import { refreshBuckets } from './buckets.js';
import { scoreRegion, type BucketRow, type SignalScore } from './detectors.js';
import { assemble, incidentId, severityOf, type IncidentShape, type RegionAlarm } from './incidents.js';
import { alarms } from './threshold.js';
import { rankIncidents } from '../rank/ranker.js';
import { mineTemplates } from '../rank/templates.js';

export interface DetectOptions {
  /** Bucket size in seconds (`--bucket`), default 60. */
  bucketSeconds?: number;
}

export interface DetectResult {
  incidents: number;
  anomalies: number;
  buckets: number;
  /** Seconds spent per stage. */
  timings: { buckets: number; templates: number; detection: number; incidents: number; ranking: number };
}

const SYMPTOMS: readonly Symptom[] = ['overload', 'congestion', 'error_spike'];

/**
 * `faultline detect`: refresh the region buckets touched by ingest, template new log lines,
 * score every signal against its baseline, turn scores into alarms with hysteresis, rebuild the
 * anomalies and incidents tables (with impact and severity), and rank each incident's causes. Detection reads buckets, not events: it re-runs
 * over every region's whole series each time, which keeps baselines and hysteresis exact.
 */
export async function detect(store: Store, options: DetectOptions = {}): Promise<DetectResult> {
  const bucketSeconds = options.bucketSeconds ?? 60;
  const stepMs = bucketSeconds * 1000;
  const refreshed = await refreshBuckets(store, bucketSeconds);
  const mined = await mineTemplates(store);

  const started = performance.now();
  const rows = (await store.main.all(
    'SELECT * EXCLUDE (bucket_start), strftime(bucket_start, \'%Y-%m-%dT%H:%M:%S.%gZ\') AS bucket_start FROM region_buckets WHERE bucket_seconds = $b ORDER BY region, bucket_start',
    { b: bucketSeconds },
  )) as unknown as BucketRow[];
  const byRegion = new Map<string, BucketRow[]>();
  for (const r of rows) {
    let list = byRegion.get(r.region);
    if (!list) byRegion.set(r.region, (list = []));
    list.push(r);
  }
  const found: RegionAlarm[] = [];
  const anomalies: { region: string; ms: number; s: SignalScore }[] = [];
  const seriesOf = new Map<string, { rows: BucketRow[]; times: number[] }>();
  for (const [region, series] of byRegion) {
    const times = series.map((r) => Date.parse(r.bucket_start));
    seriesOf.set(region, { rows: series, times });
    const scores = scoreRegion(series, stepMs);
    for (const symptom of SYMPTOMS) {
      const perBucket = scores.map((list) => Math.max(0, ...list.filter((s) => s.symptom === symptom).map((s) => s.score)));
      for (const a of alarms(perBucket)) {
        found.push({ region, symptom, startMs: times[a.first]!, endMs: times[a.last]! + stepMs, peak: a.peak });
        for (let i = a.first; i <= a.last; i++) {
          for (const s of scores[i]!) if (s.symptom === symptom && s.score >= 0.5) anomalies.push({ region, ms: times[i]!, s });
        }
      }
    }
  }
  const detection = (performance.now() - started) / 1000;

  const started2 = performance.now();
  const shapes = assemble(found, { gapMs: 3 * stepMs, onsetMs: 3 * 60_000 });
  let written = 0;
  await store.main.transaction(async () => {
    await store.main.run('DELETE FROM anomalies');
    await store.main.run('DELETE FROM incident_causes');
    await store.main.run('DELETE FROM incidents');
    const appender = await store.main.connection.createAppender('anomalies');
    for (const a of anomalies) {
      appender.appendVarchar(a.region);
      appender.appendTimestampTZ(timestampTZValue(BigInt(a.ms) * 1000n));
      appender.appendInteger(bucketSeconds);
      appender.appendVarchar(a.s.symptom);
      appender.appendVarchar(a.s.signal);
      appender.appendDouble(a.s.observed);
      appender.appendDouble(a.s.expected);
      appender.appendDouble(a.s.score);
      appender.endRow();
    }
    appender.closeSync();
    for (const shape of shapes) {
      await writeIncident(store, shape, seriesOf, stepMs);
      written++;
    }
  });
  const incidentsSeconds = (performance.now() - started2) / 1000;
  const ranked = await rankIncidents(store);
  return {
    incidents: written,
    anomalies: anomalies.length,
    buckets: refreshed.buckets,
    timings: { buckets: refreshed.seconds, templates: mined.seconds, detection, incidents: incidentsSeconds, ranking: ranked.seconds },
  };
}

/** Impact (requests, failed, clients, missing) and severity; then the row. */
async function writeIncident(
  store: Store,
  shape: IncidentShape,
  seriesOf: Map<string, { rows: BucketRow[]; times: number[] }>,
  stepMs: number,
): Promise<void> {
  let missing = 0;
  let usualP95 = 0;
  let peakP95 = 0;
  for (const span of shape.spans) {
    const { rows, times } = seriesOf.get(span.region)!;
    const baseline = new SeriesBaseline(times, stepMs);
    const first = times.indexOf(span.startMs);
    const last = times.indexOf(span.endMs - stepMs);
    for (let i = first; i <= last; i++) baseline.exclude(i);
    const requests = rows.map((r) => r.requests);
    const p95 = rows.map((r) => (r.requests >= 20 ? r.p95_ms : null));
    for (let i = first; i <= last; i++) {
      const usual = baseline.at(i, requests);
      if (usual) missing += Math.max(0, usual.expected - requests[i]!);
      peakP95 = Math.max(peakP95, p95[i] ?? 0);
    }
    usualP95 = Math.max(usualP95, baseline.at(first, p95)?.expected ?? 0);
  }
  const slowMs = Math.max(1000, 3 * usualP95);
  const [impact] = await store.main.allFile('detect/impact', {
    regions: listValue(shape.regions),
    start: new Date(shape.startMs).toISOString(),
    end: new Date(shape.endMs).toISOString(),
    slow_ms: slowMs,
  });
  const requests = (impact!['requests'] as number) ?? 0;
  const failed = (impact!['failed_requests'] as number) ?? 0;
  const minutes = (shape.endMs - shape.startMs) / 60_000;
  const severity = severityOf({
    requests,
    failedRequests: failed,
    missingRequests: Math.round(missing),
    latencyFactor: usualP95 ? peakP95 / usualP95 : 1,
    minutes,
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
