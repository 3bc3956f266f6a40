import { timestampTZValue } from '../duckdb.js';
import type { Store } from '../db.js';
import type { Symptom } from '../types.js';
import { int } from '../format.js';
import { DETECTORS, scoreRegion, type BucketRow, type SignalScore } from './detectors.js';
import type { RegionAlarm } from './incidents.js';
import { ALARM_ON, DEFAULT_HYSTERESIS, alarms, type Alarm } from './threshold.js';

const SYMPTOMS: readonly Symptom[] = [...new Set(DETECTORS.map((d) => d.symptom))];

/** What the incidents stage needs of one region's series: its bucket times, requests and p95. */
export interface RegionSeries {
  times: number[];
  requests: number[];
  p95: (number | null)[];
}

/** How much of one region's data could be judged, and what kinds of data it has. */
export interface RegionCoverage {
  region: string;
  /** Buckets with data (or a short zero-filled silence). */
  buckets: number;
  /** Buckets where at least one detector had enough history to judge. */
  judged: number;
  requests: boolean;
  metrics: boolean;
  logs: boolean;
}

/** What the detection stage found. */
export interface Detection {
  alarms: RegionAlarm[];
  anomalies: number;
  series: Map<string, RegionSeries>;
  coverage: RegionCoverage[];
  seconds: number;
}

/**
 * The detection stage: score every signal of every region against its baseline, turn scores
 * into alarms with hysteresis, and rewrite the anomalies table. Detection reads buckets, not
 * events, one region at a time (memory follows the largest region, not the whole store); it
 * re-runs over each region's whole series, which keeps baselines and hysteresis exact.
 */
export async function detectAnomalies(store: Store, bucketSeconds: number): Promise<Detection> {
  const started = performance.now();
  const stepMs = bucketSeconds * 1000;
  const db = store.main;
  const found: RegionAlarm[] = [];
  const series = new Map<string, RegionSeries>();
  const coverage: RegionCoverage[] = [];
  let anomalies = 0;
  const regions = await db.all('SELECT DISTINCT region FROM region_buckets WHERE bucket_seconds = $b ORDER BY region', { b: bucketSeconds });
  await db.transaction(async () => {
    await db.run('DELETE FROM anomalies');
    await db.run('DELETE FROM region_coverage');
    const appender = await db.connection.createAppender('anomalies');
    const append = (region: string, ms: number, s: SignalScore): void => {
      appender.appendVarchar(region);
      appender.appendTimestampTZ(timestampTZValue(BigInt(ms) * 1000n));
      appender.appendInteger(bucketSeconds);
      appender.appendVarchar(s.symptom);
      appender.appendVarchar(s.signal);
      appender.appendDouble(s.observed);
      appender.appendDouble(s.expected);
      appender.appendDouble(s.score);
      appender.endRow();
      anomalies++;
    };
    for (const { region } of regions as { region: string }[]) {
      const rows = (await db.allFile('detect/region-series', { b: bucketSeconds, region })) as unknown as BucketRow[];
      const times = rows.map((r) => Date.parse(r.bucket_start));
      series.set(region, { times, requests: rows.map((r) => r.requests), p95: rows.map((r) => r.p95_ms) });
      const scores = scoreRegion(rows);
      coverage.push({
        region,
        buckets: rows.length,
        judged: scores.filter((list) => list.length > 0).length,
        requests: rows.some((r) => r.requests > 0),
        metrics: rows.some((r) => r.cpu_busy_pct !== null || r.rtt_ms !== null || r.loss_pct !== null || r.tcp_retransmits !== null),
        logs: rows.some((r) => Number(r['log_lines']) > 0),
      });
      for (const symptom of SYMPTOMS) {
        const perBucket = scores.map((list) => Math.max(0, ...list.filter((s) => s.symptom === symptom).map((s) => s.score)));
        for (const a of alarms(perBucket, undefined, { times, stepMs })) {
          found.push({ region, symptom, startMs: times[a.first]!, endMs: times[a.last]! + stepMs, peak: a.peak, ...phasesOf(a, perBucket, times, stepMs) });
          for (let i = a.first; i <= a.last; i++) {
            for (const s of scores[i]!) if (s.symptom === symptom && s.score >= ALARM_ON) append(region, times[i]!, s);
          }
        }
      }
    }
    appender.closeSync();
    const covered = await db.connection.createAppender('region_coverage');
    for (const c of coverage) {
      covered.appendVarchar(c.region);
      covered.appendInteger(bucketSeconds);
      covered.appendBigInt(BigInt(c.buckets));
      covered.appendBigInt(BigInt(c.judged));
      covered.appendBoolean(c.requests);
      covered.appendBoolean(c.metrics);
      covered.appendBoolean(c.logs);
      covered.endRow();
    }
    covered.closeSync();
  });
  return { alarms: found, anomalies, series, coverage, seconds: (performance.now() - started) / 1000 };
}

/**
 * When an alarm was at its worst (its highest score), when it began to recover (from there to
 * its end every bucket is below the alarm level; null while still at it) and whether it is still
 * open at the end of the region's data (fewer quiet buckets after it than end an alarm).
 */
function phasesOf(a: Alarm, scores: readonly number[], times: readonly number[], stepMs: number): Pick<RegionAlarm, 'worstMs' | 'recoveringMs' | 'open'> {
  let worst = a.first;
  for (let i = a.first; i <= a.last; i++) if (scores[i]! > scores[worst]!) worst = i;
  let recovering: number | null = null;
  for (let i = a.last; i > worst && scores[i]! < ALARM_ON; i--) recovering = i;
  const open = (times.at(-1)! - times[a.last]!) / stepMs < DEFAULT_HYSTERESIS.quiet;
  return { worstMs: times[worst]!, recoveringMs: recovering === null ? null : times[recovering]!, open };
}

/** The coverage the last detect wrote (region_coverage), for commands that only read. */
export async function storedCoverage(store: Store): Promise<{ coverage: RegionCoverage[]; bucketSeconds: number }> {
  const rows = await store.main.all('SELECT * FROM region_coverage ORDER BY region');
  return {
    coverage: rows.map((r) => ({
      region: r['region'] as string,
      buckets: Number(r['buckets']),
      judged: Number(r['judged']),
      requests: Boolean(r['requests']),
      metrics: Boolean(r['metrics']),
      logs: Boolean(r['logs']),
    })),
    bucketSeconds: Number(rows[0]?.['bucket_seconds'] ?? 60),
  };
}

/**
 * One line saying why nothing was found, when it is not obvious: how much was judged, how much
 * was warm-up, and which regions have no request or metric data.
 */
export function explainQuiet(coverage: readonly RegionCoverage[], bucketSeconds: number): string {
  const minutes = (n: number): string => `${int((n * bucketSeconds) / 60)} minutes`;
  const buckets = coverage.reduce((a, c) => a + c.buckets, 0);
  if (!buckets) return 'no incidents; no data judged (run `faultline detect` after ingest)';
  const judged = coverage.reduce((a, c) => a + c.judged, 0);
  const parts = [`no incidents; ${minutes(judged)} judged`];
  if (buckets > judged) parts.push(`${minutes(buckets - judged)} of warm-up or too little history not judged`);
  const logsOnly = coverage.filter((c) => !c.requests && !c.metrics).map((c) => c.region);
  if (logsOnly.length) parts.push(`no request or metric data for ${logsOnly.length === 1 ? 'region' : 'regions'} ${logsOnly.join(', ')} (logs only)`);
  return parts.join(', ');
}
