import { median } from 'simple-statistics';
import { SeriesBaseline, type BaselineOptions } from './baseline.js';
import { AnomalyLikelihood, REFRACTORY_POINTS, logLikelihood } from './likelihood.js';

/**
 * The online scorer of one metric series (`faultline score`), on the same baselines as the
 * region detectors: each point's deviation from its usual value (robust z against the trailing
 * window and, once two days exist, the same time of day on earlier days — whichever explains
 * the point better, so a daily pattern does not alarm and a series without one loses nothing),
 * then the anomaly-likelihood step, then a refractory period after each alarm. Only points
 * before a point are used to score it.
 */

/** No score before this many points: the likelihood needs a history of raw scores to compare with. */
export const WARMUP_POINTS = 100;
/** The trailing window, in steps of the series (its median spacing, learnt as it goes). */
const TRAILING_STEPS = 96;
/** Fewer trailing points than this: no judgement. */
const MIN_TRAILING_POINTS = 8;
/** The seasonal comparison: the same time of day on the days before. */
const SEASON = {
  /**
   * ± this many steps around that time (±1 h at five-minute points): a daily pattern compared
   * with the same hour, not the same five minutes, of other days. On the NAB development split
   * ±2 / 4 / 6 / 8 / 12 / 16 / 24 / 36 steps scored 66.3 / 67.5 / 67.3 / 68.7 / 67.6 / 69.0 / 67.1
   * / 66.6 (with 7 days): 8–16 is one plateau within run-to-run noise, 12 its middle.
   */
  halfSteps: 12,
  /**
   * Days compared (the last 5): a recent pattern rather than a stale one. On the NAB development
   * split 2 / 3 / 4 / 5 / 7 / 14 days scored 67.7 / 68.5 / 68.6 / 69.4 / 67.6 / 65.3.
   */
  days: 5,
  /** Fewer same-time-of-day points than this: the seasonal comparison is skipped. */
  minPoints: 3,
  /** Weeks compared when the period is a week (the same hour of the same weekday). */
  weeks: 3,
  /**
   * The period (a day or a week) is learnt: the one whose predictions of the last this many points
   * erred less (median absolute error), once each has this many ... 
   */
  learnPoints: 2000,
  /** ... predictions to judge by. */
  learnMinPoints: 200,
} as const;

/** The seasonal period learnt from a series: the same hour of recent days, or of recent weeks. */
export type Season = 'day' | 'week';
/** z at which the raw score saturates at 1: real series have heavy tails, so only gross deviations reach it. */
const RAW_Z_SATURATION = 30;
/** The series' noise (median absolute step-to-step change) and range are re-learnt every this many points, over the last NOISE_POINTS. */
const RELEARN_EVERY = 25;
const NOISE_POINTS = 2000;
/** A spread is never below this share of the recent range: a flat stretch does not make every change infinite. */
const MIN_SPREAD_OF_RANGE = 0.01;
/**
 * numenta's "spatial anomaly": after `afterPoints` points, a value beyond everything seen (by
 * `margin` of the range) that is also a clear deviation (z ≥ `minZ`) is certain. The z condition
 * keeps the new records of plain noise quiet (a 4.8σ minimum turns up among 3,000 Gaussian
 * points; on the NAB development split z ≥ 4, 4.5 and 5 score alike).
 */
const NOVELTY = { afterPoints: 300, margin: 0.05, minZ: 5 } as const;
/**
 * A deviation this large (four times the saturation) is certain whatever the likelihood says: the
 * averaging would otherwise dilute a lone, gross spike early in a series, before novelty applies.
 */
const GROSS_Z = 4 * RAW_Z_SATURATION;
/** The log-likelihood at which a point is an alarm (likelihood 1 − 10⁻⁵); the refractory period starts there. */
export const SCORE_ALARM = 0.5;

/** Scores of a series, how many leading points were warm-up (scored 0, not judged), and the period learnt by its end. */
export interface SeriesScores {
  scores: number[];
  warmup: number;
  season: Season;
}

/** Score one series online; `points` ascending by time (gaps and uneven spacing allowed). */
export function scoreSeries(points: readonly { ms: number; value: number }[]): SeriesScores {
  const times = points.map((p) => p.ms);
  const values = points.map((p) => p.value);
  const baseline = new SeriesBaseline(times);
  const likelihood = new AnomalyLikelihood();
  const scores: number[] = [];
  const steps: number[] = [];
  let step = 0;
  let noise = 0;
  let range = 0;
  let low = Infinity;
  let high = -Infinity;
  let lastAlarm = -Infinity;
  // How well each period predicted the points so far (absolute errors), and the one in use.
  const errors: Record<Season, number[]> = { day: [], week: [] };
  let season: Season = 'day';
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (i > 0) steps.push(times[i]! - times[i - 1]!);
    if (i % RELEARN_EVERY === 0 && i > 1) {
      step = median(steps.slice(-NOISE_POINTS));
      const recent = values.slice(Math.max(0, i - NOISE_POINTS), i);
      noise = median(recent.slice(1).map((v, k) => Math.abs(v - recent[k]!)));
      range = Math.max(...recent) - Math.min(...recent);
      season = learntSeason(errors, season);
    }
    let raw = 0;
    let deviation = 0;
    if (step > 0) {
      const floor = Math.max(noise, MIN_SPREAD_OF_RANGE * range, 1e-9);
      const z = (b: { expected: number; spread: number } | undefined): number => (b ? Math.abs(x - b.expected) / Math.max(b.spread, floor) : Infinity);
      const trailing = z(baseline.at(i, values, trailingOptions(step)));
      const daily = baseline.at(i, values, seasonalOptions(step, 'day'));
      const weekly = baseline.at(i, values, seasonalOptions(step, 'week'));
      for (const [s, b] of [['day', daily], ['week', weekly]] as const) {
        if (!b) continue;
        errors[s].push(Math.abs(x - b.expected));
        if (errors[s].length > SEASON.learnPoints) errors[s].shift();
      }
      const best = Math.min(trailing, z(season === 'week' ? weekly : daily));
      if (Number.isFinite(best)) {
        deviation = best;
        raw = Math.min(1, best / RAW_Z_SATURATION);
      }
    }
    let l = likelihood.push(raw, WARMUP_POINTS);
    if (l !== undefined && i >= NOVELTY.afterPoints && range > 0 && deviation >= NOVELTY.minZ && (x > high + NOVELTY.margin * (high - low) || x < low - NOVELTY.margin * (high - low))) l = 1;
    if (l !== undefined && deviation >= GROSS_Z) l = 1;
    low = Math.min(low, x);
    high = Math.max(high, x);
    let score = l === undefined || i - lastAlarm < REFRACTORY_POINTS ? 0 : logLikelihood(l);
    if (score >= SCORE_ALARM) lastAlarm = i;
    scores.push(Math.round(score * 1e6) / 1e6);
  }
  return { scores, warmup: Math.min(values.length, WARMUP_POINTS), season };
}

/** The period whose recent predictions erred less, once both have enough of them; else the one in use. */
function learntSeason(errors: Record<Season, number[]>, current: Season): Season {
  if (errors.day.length < SEASON.learnMinPoints || errors.week.length < SEASON.learnMinPoints) return current;
  return median(errors.week) < median(errors.day) ? 'week' : 'day';
}

function trailingOptions(stepMs: number): BaselineOptions {
  return { trailingSeconds: (TRAILING_STEPS * stepMs) / 1000, seasonalAfterSeconds: Infinity, seasonalHalfWidthSeconds: 0, seasonalDays: 0, minPoints: MIN_TRAILING_POINTS };
}

/** The same hour (± SEASON.halfSteps) of the days before (after 2 days), or of the same weekday in the weeks before (after 2 weeks). */
function seasonalOptions(stepMs: number, season: Season): BaselineOptions {
  const period = season === 'week' ? 7 * 86_400 : 86_400;
  return {
    trailingSeconds: 0,
    seasonalAfterSeconds: 2 * period,
    seasonalHalfWidthSeconds: (SEASON.halfSteps * stepMs) / 1000,
    seasonalDays: season === 'week' ? SEASON.weeks : SEASON.days,
    seasonalPeriodSeconds: period,
    minPoints: SEASON.minPoints,
  };
}
