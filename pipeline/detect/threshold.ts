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

export const DEFAULT_HYSTERESIS: Hysteresis = { strong: 0.97, on: 0.5, confirm: 2, window: 3, off: 0.2, quiet: 3, minBuckets: 2 };

/** An alarm: the first and last bucket index (inclusive) and the highest score within. */
export interface Alarm {
  first: number;
  last: number;
  peak: number;
}

/** Alarms over one series of scores (one region, one symptom). */
export function alarms(scores: readonly number[], h: Hysteresis = DEFAULT_HYSTERESIS): Alarm[] {
  const out: Alarm[] = [];
  let current: Alarm | undefined;
  let below = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
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
      const from = Math.max(0, i - h.window + 1);
      const hits: number[] = [];
      for (let j = from; j <= i; j++) if (scores[j]! >= h.on) hits.push(j);
      if (hits.length >= h.confirm) {
        current = { first: hits[0]!, last: i, peak: Math.max(...hits.map((j) => scores[j]!)) };
        below = 0;
      }
    }
  }
  if (current) out.push(current);
  return out.filter((a) => a.last - a.first + 1 >= h.minBuckets);
}
