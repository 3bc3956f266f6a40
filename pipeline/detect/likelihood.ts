import { errorFunction } from 'simple-statistics';

/**
 * The anomaly-likelihood step (numenta's, from NAB): a deviation alone is not an alarm. The mean
 * of the last few raw scores is compared with the long-run distribution of that mean, so a
 * one-point blip in a noisy series scores low while a sustained change — or one that this
 * series never shows — scores high. The scorer keeps the series refractory for a while after an
 * alarm: one early, high score per event instead of a score on every point of it.
 */

/**
 * Raw scores averaged: a short run of deviations counts, a single wiggle much less (numenta's
 * window of 10; on the NAB development split 10 beat 3, 6, 8, 12 and 15: 66.4 against 53.2–65.9).
 */
export const LIKELIHOOD_AVERAGE_POINTS = 10;
/** The long-run distribution of those averages: about a week of 5-minute points. */
export const LIKELIHOOD_HISTORY_POINTS = 2000;
/** The spread of the averages is never taken below this (scores are 0..1): a flat history does not make every small change certain. */
export const LIKELIHOOD_MIN_SPREAD = 0.03;
/**
 * After an alarm, this many points score 0: one alarm per event (at 5-minute points, about 8 h).
 * On the NAB development split 50 / 75 / 90 / 100 / 120 / 150 points scored 69.5 / 70.3 / 70.7 /
 * 70.7 / 70.8 / 69.4: 90–120 is one plateau, 100 its middle.
 */
export const REFRACTORY_POINTS = 100;

/** log-scaled likelihood: 1 − 10⁻¹⁰ maps to 1, 1 − 10⁻⁵ to 0.5 (numenta's computeLogLikelihood). */
export function logLikelihood(likelihood: number): number {
  return Math.log(1.0000000001 - likelihood) / Math.log(1 - 0.9999999999);
}

/** Upper tail probability of the standard normal distribution. */
export function normalTail(z: number): number {
  return (1 - errorFunction(z / Math.SQRT2)) / 2;
}

/** Online: feed raw scores (0..1) in order; get the likelihood that the recent ones are unusual. */
export class AnomalyLikelihood {
  private readonly raw: number[] = [];
  private readonly averages: number[] = [];
  private sum = 0;
  private sumSq = 0;

  /** The likelihood (0..1) for the next raw score; `undefined` while the history is too short. */
  push(raw: number, minHistory: number): number | undefined {
    this.raw.push(raw);
    const recent = this.raw.slice(-LIKELIHOOD_AVERAGE_POINTS);
    const average = recent.reduce((a, b) => a + b, 0) / recent.length;
    const n = this.averages.length;
    let likelihood: number | undefined;
    if (n >= minHistory) {
      const mean = this.sum / n;
      const spread = Math.max(Math.sqrt(Math.max(this.sumSq / n - mean * mean, 0)), LIKELIHOOD_MIN_SPREAD);
      likelihood = 1 - normalTail((average - mean) / spread);
    }
    this.averages.push(average);
    this.sum += average;
    this.sumSq += average * average;
    if (this.averages.length > LIKELIHOOD_HISTORY_POINTS) {
      const old = this.averages.shift()!;
      this.sum -= old;
      this.sumSq -= old * old;
    }
    if (this.raw.length > LIKELIHOOD_AVERAGE_POINTS) this.raw.shift();
    return likelihood;
  }
}
