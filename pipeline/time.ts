/** A time as the JSON document and reports write it: ISO 8601 UTC to the second (`2026-11-24T09:30:00Z`). */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** One time syntax for every --since/--until: a point in time, or a duration back from the end of the data. */
export type TimeBound = { at: string } | { ago: number };

/** The time a bound stands for, given the end of the data (ms); null when there is no data to count back from. */
export function boundTime(bound: TimeBound, dataEndMs: number | null): number | null {
  if ('at' in bound) return Date.parse(bound.at);
  return dataEndMs === null ? null : dataEndMs - bound.ago * 1000;
}
