import type { Params } from '../../db.js';
import type { Format } from '../../types.js';

/** What a format may need to know about the file being read. */
export interface FileContext {
  /** The first bytes of the content, as text. */
  head: string;
  /** The file's modification time (now, for stdin). */
  mtime: Date;
  /** `--year`, when given. */
  year?: number;
}

/** What a format may need to know about the run (the same for all its files). */
export interface RunContext {
  /** `--map`: JSON log keys by the field they stand for (level → "severity", msg → "message.text"). */
  fieldMap?: Readonly<Record<string, string>>;
}

/**
 * What every format supplies: a sniffer for one line, and the SQL that turns lines into rows of
 * its table — `queries/ingest/parse/<name>.sql` reads `input(line_no, line, file_id, ...)` (the
 * lines with their file's columns of `load_files`, session.sql) and yields the table's
 * columns plus `reason` and `raw`: `reason` NULL for a row, `'ignored'` for a comment or header
 * line, else why the line is rejected (with `raw` its text, cut at 4 KiB).
 */
export interface FormatReader {
  name: Format;
  /** The table (or view) of the rows. */
  table: string;
  /** The table the rows are inserted into, when `table` is a view over it. */
  loadTable?: string;
  /** Its time column, when not `ts` (flows: `start_ts`). */
  timeColumn?: string;
  /** Does this (non-blank) line look like this format? `partial`: only its start is known (the head cut it). */
  sniff(line: string, partial: boolean): boolean;
  /** 'many' when one line may give several rows (influx: one per numeric field). */
  rowsPerLine?: 'one' | 'many';
  /** A warning about how the file was read (a guessed year), said once per file load. */
  fileNote?(context: FileContext): string | undefined;
  /** Columns of `load_files` that depend on the file beyond ids and path hints (file_time, year_*). */
  fileParams?(context: FileContext): Params;
  /** Parameters of the parse SQL that are the same for every file of the run ($map_*). */
  runParams?(context: RunContext): Params;
  /** The SQL file taking the spans of the rows a load gave (per file and region), when not `ingest/load-spans`. */
  loadSpans?: string;
  /** SQL files run once per load before its rows are loaded (the files are in `load_files`). */
  before?: readonly string[];
  /** SQL files run once per load after its rows are loaded (the files are in `load_files`; `{parse:<format>}` is that format's parse SQL). */
  after?: readonly string[];
}
