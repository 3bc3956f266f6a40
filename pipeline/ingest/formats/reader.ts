import type { Format } from '../../types.js';

/**
 * What every format supplies: a sniffer for one line, and the SQL that turns a batch of lines
 * into rows of its table (`queries/ingest/<name>.sql`: the table's columns plus `reason` and
 * `raw`, non-NULL `reason` meaning the line goes to rejects).
 */
export interface FormatReader {
  name: Format;
  /** The table the rows land in. */
  table: string;
  /** Does this (non-blank) line look like this format? */
  sniff(line: string): boolean;
  /** SQL files run after each batch is staged (they read the temp table `stage`). */
  after?: readonly string[];
}
