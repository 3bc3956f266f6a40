
/** The "usual" value of a signal at one point in time, and how far it usually strays. */
export interface Baseline {
  /** Median of the history. */
  expected: number;
  /** 1.4826 × MAD of the history (a robust standard deviation). */
  spread: number;
  /** History points used. */
  n: number;
  /** True when the history was the same time of day on earlier days. */
  seasonal: boolean;
  /** The history itself (for pooled rates). */
  indexes: number[];
}

export interface BaselineOptions {
  /** Trailing window, in seconds, used when there is less than `seasonalAfter` of history. */
  trailingSeconds: number;
  /** History needed before the time-of-day baseline is used (≥ 2 days). */
  seasonalAfterSeconds: number;
  /** ± this many seconds around the same time of day on each earlier day. */
  seasonalHalfWidthSeconds: number;
  /** Earlier periods looked at (days, unless `seasonalPeriodSeconds` says otherwise). */
  seasonalDays: number;
  /** The seasonal period in seconds: a day unless given (a week: `score`'s weekly comparison). */
  seasonalPeriodSeconds?: number;
  /** Fewer usable history points than this: no baseline (no judgement). */
  minPoints: number;
}

export const DEFAULT_BASELINE: BaselineOptions = {
  trailingSeconds: 60 * 60,
  seasonalAfterSeconds: 2 * 86_400,
  seasonalHalfWidthSeconds: 15 * 60,
  seasonalDays: 7,
  minPoints: 10,
};

const DAY_MS = 86_400_000;

/** The first index of ascending `times` whose time is ≥ t. */
export function lowerBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Robust, seasonal baselines over one time series (one region's buckets, or one metric). The
 * history of point i is chosen by time, never by position, so gaps and irregular timestamps
 * compare like with like: the same time of day (± the half width) on up to 7 earlier days once 2
 * days of history exist, else the trailing hour. Points marked anomalous are left out, so an
 * anomaly does not drag up the baseline it is judged against.
 */
export class SeriesBaseline {
  private readonly excluded: Uint8Array;

  constructor(
    /** Point times (ms), ascending; gaps and uneven spacing are allowed. */
    private readonly times: readonly number[],
    private readonly options: BaselineOptions = DEFAULT_BASELINE,
  ) {
    this.excluded = new Uint8Array(times.length);
  }

  /** Leave point i out of every later history (it was anomalous). */
  exclude(i: number): void {
    this.excluded[i] = 1;
  }

  isExcluded(i: number): boolean {
    return this.excluded[i] === 1;
  }

  /** The indexes of the usable history of point i (earlier points, not excluded, with a value). */
  private history(i: number, values: readonly (number | null)[], o: BaselineOptions): { indexes: number[]; seasonal: boolean } {
    const times = this.times;
    const excluded = this.excluded;
    const t = times[i]!;
    const t0 = times[0]!;
    const indexes: number[] = [];
    const take = (from: number, to: number): void => {
      for (let j = lowerBound(times, from); j < i && times[j]! <= to; j++) {
        if (excluded[j] === 0 && values[j] !== null && values[j] !== undefined) indexes.push(j);
      }
    };
    if (t - t0 >= o.seasonalAfterSeconds * 1000) {
      const half = o.seasonalHalfWidthSeconds * 1000;
      const period = (o.seasonalPeriodSeconds ?? DAY_MS / 1000) * 1000;
      for (let d = 1; d <= o.seasonalDays; d++) {
        const center = t - d * period;
        if (center - half < t0) break;
        take(center - half, center + half);
      }
      if (indexes.length >= o.minPoints) return { indexes, seasonal: true };
      indexes.length = 0;
    }
    if (o.trailingSeconds > 0) take(t - o.trailingSeconds * 1000, t - 1);
    return { indexes, seasonal: false };
  }

  /** Whether point i has enough history to be judged at all (no statistics taken). */
  hasHistory(i: number, values: readonly (number | null)[]): boolean {
    return this.history(i, values, this.options).indexes.length >= this.options.minPoints;
  }

  /** The baseline of point i from `values` (NULL values are not history); `options` override the series' own. */
  at(i: number, values: readonly (number | null)[], options: BaselineOptions = this.options): Baseline | undefined {
    const { indexes, seasonal } = this.history(i, values, options);
    if (indexes.length < options.minPoints) return undefined;
    const sample = new Float64Array(indexes.length);
    for (let k = 0; k < indexes.length; k++) sample[k] = values[indexes[k]!]!;
    const { median, mad } = medianAndMad(sample);
    return { expected: median, spread: ROBUST_SD * mad, n: sample.length, seasonal, indexes };
  }
}

/**
 * Median and median absolute deviation of a sample (sorted in place): what simple-statistics'
 * `median` and `medianAbsoluteDeviation` give, on typed arrays (native numeric sort), because
 * detect takes them for every bucket and signal and they dominated its time.
 */
export function medianAndMad(sample: Float64Array): { median: number; mad: number } {
  sample.sort();
  const mid = (a: Float64Array): number => (a.length % 2 ? a[(a.length - 1) / 2]! : (a[a.length / 2 - 1]! + a[a.length / 2]!) / 2);
  const median = mid(sample);
  for (let k = 0; k < sample.length; k++) sample[k] = Math.abs(sample[k]! - median);
  return { median, mad: mid(sample.sort()) };
}

/** MAD × this estimates the standard deviation of normally distributed data. */
export const ROBUST_SD = 1.4826;

/**
 * Map a z-like score to 0..1 on one scale for every detector (Merlion's calibration step):
 * z = 3 → 0.12, 5 → 0.5, 7 → 0.88, 9 → 0.98.
 */
export function calibrate(z: number): number {
  if (!Number.isFinite(z)) return z > 0 ? 1 : 0;
  return 1 / (1 + Math.exp(-(z - 5)));
}
