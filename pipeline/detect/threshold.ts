/**
 * Turning calibrated scores into alarms, shared by every detector (Merlion's threshold step):
 * an alarm starts on one bucket ≥ `strong`, or on `confirm` of the last `window` buckets ≥ `on`
 * (the onset is then the first of them); it lasts while buckets stay ≥ `off` and ends after
 * `quiet` buckets below it, so an incident does not flap.
 */
export interface Hysteresis {
  strong: number;
  on: number;
  confirm: number;
  window: number;
  off: number;
  quiet: number;
  /** Alarms shorter than this many buckets are dropped. */
  minBuckets: number;
}

/** The calibrated score at which a bucket counts as anomalous (z = 5 on the shared scale). */
export const ALARM_ON = 0.5;

export const DEFAULT_HYSTERESIS: Hysteresis = { strong: 0.97, on: ALARM_ON, confirm: 2, window: 3, off: 0.2, quiet: 3, minBuckets: 2 };

/** An alarm: the first and last bucket index (inclusive) and the highest score within. */
export interface Alarm {
  first: number;
  last: number;
  peak: number;
}

/** Where the points of a series lie in time, when it has gaps. */
export interface PointTimes {
  /** Time (ms) of each score, ascending. */
  times: readonly number[];
  /** The regular spacing (ms) of the series; a longer step is a gap. */
  stepMs: number;
}

/**
 * Alarms over one series of scores (one region, one symptom). With `at`, a gap in time counts
 * as that many quiet buckets: an alarm never spans a stretch without data, and the confirming
 * buckets of an onset lie within `window` buckets of time.
 */
export function alarms(scores: readonly number[], h: Hysteresis = DEFAULT_HYSTERESIS, at?: PointTimes): Alarm[] {
  const out: Alarm[] = [];
  let current: Alarm | undefined;
  let below = 0;
  // Buckets between points i-1 and i that have no data (0 without gaps).
  const missing = (i: number): number => (at && i > 0 ? Math.max(0, Math.round((at.times[i]! - at.times[i - 1]!) / at.stepMs) - 1) : 0);
  const within = (j: number, i: number): boolean => (at ? at.times[i]! - at.times[j]! < h.window * at.stepMs : i - j < h.window);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (current && (below += missing(i)) >= h.quiet) {
      out.push(current);
      current = undefined;
    }
    if (current) {
      if (s >= h.off) {
        below = 0;
        current.last = i;
        current.peak = Math.max(current.peak, s);
      } else if (++below >= h.quiet) {
        out.push(current);
        current = undefined;
      }
      continue;
    }
    if (s >= h.strong) {
      current = { first: i, last: i, peak: s };
      below = 0;
      continue;
    }
    if (s >= h.on) {
      const hits: number[] = [];
      for (let j = Math.max(0, i - h.window + 1); j <= i; j++) if (within(j, i) && scores[j]! >= h.on) hits.push(j);
      if (hits.length >= h.confirm) {
        current = { first: hits[0]!, last: i, peak: Math.max(...hits.map((j) => scores[j]!)) };
        below = 0;
      }
    }
  }
  if (current) out.push(current);
  return out.filter((a) => a.last - a.first + 1 >= h.minBuckets);
}
