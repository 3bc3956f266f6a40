import type { Symptom } from '../types.js';
import { SeriesBaseline, calibrate } from './baseline.js';

/** One row of region_buckets, as the detectors read it. */
export interface BucketRow {
  region: string;
  bucket_start: string;
  requests: number;
  s5xx: number;
  s429: number;
  s503: number;
  s504: number;
  p95_ms: number | null;
  error_lines: number;
  cpu_busy_pct: number | null;
  rtt_ms: number | null;
  loss_pct: number | null;
  net_drops: number | null;
  tcp_retransmits: number | null;
  [key: string]: unknown;
}

/** A signal judged at one bucket. */
export interface SignalScore {
  signal: string;
  symptom: Symptom;
  observed: number;
  expected: number;
  /** 0..1 after calibration; 0 when the change is not practically significant. */
  score: number;
}

type Kind =
  /** k events out of n trials against the pooled rate of the history (binomial z). */
  | { kind: 'rate'; events: keyof BucketRow; trials: keyof BucketRow; minEvents: number; minRise: number }
  /** A count against its median (Poisson-like z); must exceed `factor` × usual + `plus`. */
  | { kind: 'count'; minimum: number; factor: number; plus: number }
  /** A level against its median (robust z); must exceed usual + `plus`. */
  | { kind: 'level'; floor: number; plus: number }
  /** A positive level judged on a log scale; must exceed `factor` × usual. */
  | { kind: 'ratio'; floorRatio: number; factor: number; plus: number; minRequests: number };

/** Latency of a bucket with fewer requests than this is too noisy to judge. */
export const MIN_REQUESTS_FOR_LATENCY = 20;

/** A detector: one signal of one symptom and how it is judged. */
export interface SignalDetector {
  symptom: Symptom;
  signal: keyof BucketRow & string;
  judge: Kind;
}

/**
 * The signals of each symptom (the README's Causes and Detection). Thresholds of practical significance keep
 * statistically certain but harmless changes quiet (0.3% → 0.6% errors at high volume).
 */
export const DETECTORS: readonly SignalDetector[] = [
  { symptom: 'error_spike', signal: 's5xx', judge: { kind: 'rate', events: 's5xx', trials: 'requests', minEvents: 4, minRise: 0.02 } },
  { symptom: 'error_spike', signal: 'error_lines', judge: { kind: 'count', minimum: 8, factor: 3, plus: 6 } },
  { symptom: 'overload', signal: 'p95_ms', judge: { kind: 'ratio', floorRatio: 1.25, factor: 2, plus: 50, minRequests: MIN_REQUESTS_FOR_LATENCY } },
  { symptom: 'overload', signal: 'cpu_busy_pct', judge: { kind: 'level', floor: 4, plus: 20 } },
  // Rate limiting kicking in (429) is the servers saying they are past capacity.
  { symptom: 'overload', signal: 's429', judge: { kind: 'count', minimum: 10, factor: 4, plus: 10 } },
  { symptom: 'congestion', signal: 'loss_pct', judge: { kind: 'level', floor: 1, plus: 3 } },
  { symptom: 'congestion', signal: 'rtt_ms', judge: { kind: 'ratio', floorRatio: 1.2, factor: 1.8, plus: 10, minRequests: 0 } },
  { symptom: 'congestion', signal: 'tcp_retransmits', judge: { kind: 'count', minimum: 50, factor: 4, plus: 50 } },
  { symptom: 'congestion', signal: 's504', judge: { kind: 'count', minimum: 5, factor: 4, plus: 4 } },
  // Failed logins (sshd, PAM: su, sudo, login...): a burst well above the usual background of
  // scanners; ten a minute is more than a person mistyping.
  { symptom: 'auth_failures', signal: 'auth_failures', judge: { kind: 'count', minimum: 10, factor: 3, plus: 8 } },
];

/** The z below which a point stays in its signal's own history. */
const EXCLUDE_Z = 4;

/**
 * Score every detector over one region's buckets (ascending; gaps allowed). Each signal is
 * scored online — only earlier buckets form its baseline — and a bucket that scored high is
 * left out of that signal's later baselines.
 */
export function scoreRegion(rows: readonly BucketRow[]): SignalScore[][] {
  const times = rows.map((r) => Date.parse(r.bucket_start));
  const out: SignalScore[][] = rows.map(() => []);
  for (const detector of DETECTORS) {
    const series = new SeriesBaseline(times);
    const values = rows.map((r) => valueOf(r, detector));
    // Ratios are judged on a log scale: their baseline is built from the logs.
    const basis = detector.judge.kind === 'ratio' ? values.map((v) => (v === null || v <= 0 ? null : Math.log(v))) : values;
    for (let i = 0; i < rows.length; i++) {
      const judged = judge(detector, rows, values, basis, i, series);
      if (!judged) continue;
      if (judged.z >= EXCLUDE_Z) series.exclude(i);
      out[i]!.push({
        signal: detector.signal,
        symptom: detector.symptom,
        observed: judged.observed,
        expected: judged.expected,
        score: judged.significant ? calibrate(judged.z) : 0,
      });
    }
  }
  return out;
}

function valueOf(row: BucketRow, detector: SignalDetector): number | null {
  const v = row[detector.signal];
  if (detector.judge.kind === 'rate') return row[detector.judge.trials] ? Number(v) / Number(row[detector.judge.trials]) : null;
  if (detector.judge.kind === 'ratio' && row.requests < detector.judge.minRequests) return null;
  return v === null || v === undefined ? null : Number(v);
}

interface Judged {
  observed: number;
  expected: number;
  z: number;
  significant: boolean;
}

function judge(
  detector: SignalDetector,
  rows: readonly BucketRow[],
  values: readonly (number | null)[],
  basis: readonly (number | null)[],
  i: number,
  series: SeriesBaseline,
): Judged | undefined {
  const x = values[i];
  if (x === null || x === undefined || basis[i] === null) return undefined;
  const j = detector.judge;
  // Nothing counted (no errors, no 429s): z ≤ 0 whatever the baseline, so neither an alarm nor
  // left out of later baselines; only whether it is judged at all (past warm-up) is needed.
  if ((j.kind === 'count' || j.kind === 'rate') && x === 0) {
    return series.hasHistory(i, basis) ? { observed: 0, expected: 0, z: 0, significant: false } : undefined;
  }
  const baseline = series.at(i, basis);
  if (!baseline) return undefined;
  switch (j.kind) {
    case 'rate': {
      // Pooled over the history: errors / requests, so quiet buckets weigh little.
      let k0 = 0;
      let n0 = 0;
      for (const h of baseline.indexes) {
        k0 += Number(rows[h]![j.events]);
        n0 += Number(rows[h]![j.trials]);
      }
      const p0 = Math.max(n0 ? k0 / n0 : 0, 0.002);
      const k = Number(rows[i]![j.events]);
      const n = Number(rows[i]![j.trials]);
      const z = (k - n * p0) / Math.sqrt(n * p0 * (1 - p0));
      return { observed: x, expected: p0, z, significant: k >= j.minEvents && x >= p0 + j.minRise };
    }
    case 'count': {
      const spread = Math.max(Math.sqrt(Math.max(baseline.expected, 1)), baseline.spread, 1);
      const z = (x - baseline.expected) / spread;
      return { observed: x, expected: baseline.expected, z, significant: x >= j.minimum && x >= j.factor * baseline.expected + j.plus };
    }
    case 'level': {
      const z = (x - baseline.expected) / Math.max(baseline.spread, j.floor);
      return { observed: x, expected: baseline.expected, z, significant: x >= baseline.expected + j.plus };
    }
    case 'ratio': {
      const usual = Math.exp(baseline.expected);
      const z = (basis[i]! - baseline.expected) / Math.max(baseline.spread, Math.log(j.floorRatio));
      return { observed: x, expected: usual, z, significant: x >= j.factor * usual && x >= usual + j.plus };
    }
  }
}
