import { DuckDBInstance } from '../duckdb.js';
import { Session } from '../db.js';
import { FaultlineError } from '../errors.js';
import { DEFAULT_SERIES_COLUMNS, type SeriesColumns } from '../defaults.js';

/** One point of a series read for `faultline score`. */
export interface SeriesPoint {
  /** The time as written in the file (echoed in the output). */
  timestamp: string;
  ms: number;
  value: number;
}


/**
 * Read a series CSV with DuckDB's CSV reader (quoting, CRLF, thousands separators in quoted
 * values): a missing column, an unreadable time or value is an error naming the file and line.
 */
export async function readSeries(file: string, columns: SeriesColumns = DEFAULT_SERIES_COLUMNS): Promise<SeriesPoint[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const session = new Session(connection);
  try {
    let header: string[];
    try {
      const described = await session.all('SELECT column_name FROM (DESCRIBE SELECT * FROM read_csv($file, header = true, all_varchar = true))', { file });
      header = described.map((r) => String(r['column_name']));
    } catch (err) {
      throw new FaultlineError(`${file}: cannot read it as CSV (${(err as Error).message.split('\n')[0]})`);
    }
    for (const col of [columns.time, columns.value]) {
      if (!header.includes(col)) throw new FaultlineError(`${file}:1: no column "${col}" in the header (${header.join(',')}); name them with --time-col/--value-col`);
    }
    const out: SeriesPoint[] = [];
    for (const r of await session.allFile('score/read-series', { file, time_col: columns.time, value_col: columns.value })) {
      const line = Number(r['line']);
      if (r['ms'] === null) throw new FaultlineError(`${file}:${line}: unreadable timestamp "${r['timestamp'] ?? ''}"`);
      if (r['value'] === null || !Number.isFinite(Number(r['value']))) throw new FaultlineError(`${file}:${line}: unreadable value "${r['value_text'] ?? ''}"`);
      out.push({ timestamp: String(r['timestamp']), ms: Number(r['ms']), value: Number(r['value']) });
    }
    return out;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
