import { listValue } from '../duckdb.js';
import type { Store } from '../db.js';
import { isoUtc as iso } from '../time.js';
import { SeriesBaseline } from './baseline.js';
import type { RegionSeries } from './detect.js';
import { MIN_REQUESTS_FOR_LATENCY } from './detectors.js';
import { correlate, episodesOf, incidentId, severityOf, type IncidentShape, type RegionAlarm } from './incidents.js';

/** Alarms of one region this many buckets apart are one episode. */
const EPISODE_GAP_BUCKETS = 3;
/** Episodes of different regions whose onsets are this close are one incident (unless their evidence differs). */
const ONSET_MS = 3 * 60_000;
/**
 * Episodes with the same evidence join an incident that ended at most this long before they
 * start: a rollout reaching regions minutes apart, errors that pause and come back. The rule and
 * its constants are in the README (Detection).
 */
const SAME_CAUSE_GAP_MS = 15 * 60_000;
/** A change this many minutes before an episode's onset (or up to 2 after) is its change. */
const CHANGE_LEAD_MINUTES = 15;
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
  const episodes = episodesOf(found, EPISODE_GAP_BUCKETS * stepMs);
  for (const e of episodes) {
    const [sig] = await store.main.allFile('detect/episode-signature', {
      region: e.region,
      start: new Date(e.startMs).toISOString(),
      end: new Date(e.endMs).toISOString(),
      lead_minutes: CHANGE_LEAD_MINUTES,
    });
    e.signature = { change: (sig?.['change'] as string | null) ?? null, template: (sig?.['template'] as number | null) ?? null };
  }
  const shapes = correlate(episodes, { gapMs: EPISODE_GAP_BUCKETS * stepMs, onsetMs: ONSET_MS, sameCauseGapMs: SAME_CAUSE_GAP_MS });
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
    // Named after the region hit first (docs/incidents.schema.json: inc-YYYYMMDD-HHMM-<first region>).
    id: incidentId(shape.startMs, [...shape.phases].sort((a, b) => a.detectedMs - b.detectedMs || a.region.localeCompare(b.region))[0]!.region),
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
    status: shape.open ? 'open' : 'resolved',
    phases: JSON.stringify(
      shape.phases.map((p) => ({
        region: p.region,
        detected: iso(p.detectedMs),
        worst: iso(p.worstMs),
        recovering: p.recoveringMs === null ? null : iso(p.recoveringMs),
        resolved: p.resolvedMs === null ? null : iso(p.resolvedMs),
      })),
    ),
  });
}
