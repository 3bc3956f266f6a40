/**
 * How numbers and times read in every text faultline writes (evidence, summaries, reports): one
 * definition each, so a share reads the same in an incident's summary and in its report.
 */

/** A whole number with thousands separators: 1,545. */
export const int = (x: unknown): string => Math.round(Number(x ?? 0)).toLocaleString('en-US');

/** A share as a percentage, with a decimal below 10%: 21%, 3.2%. */
export const pct = (x: unknown): string => {
  const v = Number(x ?? 0);
  return `${(100 * v).toFixed(v < 0.1 ? 1 : 0)}%`;
};

/** A duration in milliseconds: 812 ms, 5.2 s. */
export const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);

/** The HH:MM of an ISO time ('' when it is none). */
export const hhmm = (iso: unknown): string => (typeof iso === 'string' ? iso.slice(11, 16) : '');
