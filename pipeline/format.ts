/**
 * How numbers and times read in every text faultline writes (evidence, summaries, reports): one
 * definition each, so a share reads the same in an incident's summary and in its report.
 */

/**
 * A whole number with thousands separators: 1,545. Written out, not with toLocaleString: the first
 * call of that loads ICU's locale data, 19-23 ms of the JS thread in every process that prints one.
 */
export const int = (x: unknown): string => {
  const n = Math.round(Number(x ?? 0));
  // (Beyond 1e21 a number prints with an exponent; there the locale's digits are kept.)
  return Math.abs(n) < 1e21 ? String(n === 0 ? 0 : n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en-US');
};

/** A share as a percentage, with a decimal below 10%: 21%, 3.2%. */
export const pct = (x: unknown): string => {
  const v = Number(x ?? 0);
  return `${(100 * v).toFixed(v < 0.1 ? 1 : 0)}%`;
};

/** A duration in milliseconds: 812 ms, 5.2 s. */
export const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);

/** The HH:MM of an ISO time ('' when it is none). */
export const hhmm = (iso: unknown): string => (typeof iso === 'string' ? iso.slice(11, 16) : '');
