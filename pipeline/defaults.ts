import os from 'node:os';

/**
 * Defaults the command line names in its help. They live here, in a module that loads nothing
 * heavy, so that `faultline --help` does not load DuckDB, Arrow or Vega to print them.
 */

/** The bucket size when none is given (`--bucket`). */
export const DEFAULT_BUCKET_SECONDS = 60;

/** Which columns of a series CSV hold the time and the value (`score --time-col`, `--value-col`). */
export interface SeriesColumns {
  time: string;
  value: string;
}

export const DEFAULT_SERIES_COLUMNS: SeriesColumns = { time: 'timestamp', value: 'value' };

/** The default number of files loaded at once: DuckDB already spreads one load over every core. */
export function defaultConcurrency(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}
