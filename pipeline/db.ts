import type { DuckDBConnection, DuckDBPreparedStatement, DuckDBValue } from '@duckdb/node-api';
import { DuckDBDataChunk, DuckDBInstance, INTEGER, VARCHAR } from './duckdb.js';
import { FaultlineError } from './errors.js';
import { sqlFile } from './paths.js';

export { QUERIES_DIR, sqlFile } from './paths.js';

/** Parameters bound to a statement by name (`$name` in the SQL). */
export type Params = Record<string, DuckDBValue>;
/** A result row with JSON-friendly values (BIGINT as number when safe, times as ISO strings). */
export type Row = Record<string, unknown>;

/**
 * DuckDB's memory_limit unless --memory-limit says otherwise. DuckDB's own default is 80% of RAM;
 * measured on 20M access lines (BENCHMARKS.md), 512 MB keeps the whole process under 1.3 GB
 * (1 GB: 1.7 GB) for 5% more ingest time. Beyond it DuckDB spills to its temp_directory,
 * `<db>.tmp` next to a database file (or `./.tmp` for :memory:).
 */
export const DEFAULT_MEMORY_LIMIT = '512MB';

export interface OpenOptions {
  /** DuckDB memory_limit, e.g. '2GB' (default DEFAULT_MEMORY_LIMIT). */
  memoryLimit?: string;
  /** How long to wait for another process's lock on the file (ms); default 30 s. */
  lockTimeoutMs?: number;
  /** DuckDB worker threads; default: $FAULTLINE_THREADS, else the engine's (all cores). */
  threads?: number;
}

/**
 * $FAULTLINE_THREADS, when set: DuckDB's threads for every command (a cron job on a shared host
 * kept to one core; the tests, which run two files at once on two cores).
 */
function threadsFromEnv(): number | undefined {
  const text = process.env['FAULTLINE_THREADS'];
  if (text === undefined || text === '') return undefined;
  if (!/^[1-9][0-9]*$/.test(text)) throw new FaultlineError(`FAULTLINE_THREADS=${text}: expected a whole number of threads, 1 or more`);
  return Number(text);
}

/** One DuckDB connection with the helpers every stage uses. */
export class Session {
  constructor(readonly connection: DuckDBConnection) {}

  /** Run one or more statements; values bound by name (each statement gets the ones it names). */
  async run(sql: string, params?: Params): Promise<void> {
    if (!params) {
      await this.connection.run(sql);
      return;
    }
    // DuckDB's own parser splits the text; each statement is prepared and gets the values it names.
    const extracted = await this.connection.extractStatements(sql);
    for (let i = 0; i < extracted.count; i++) await runPrepared(await extracted.prepare(i), params, (p) => p.run());
  }

  /** Run a data-changing statement; returns how many rows it inserted, updated or deleted. */
  async change(sql: string, params?: Params): Promise<number> {
    if (!params) return (await this.connection.run(sql)).rowsChanged;
    const result = await runPrepared(await this.connection.prepare(sql), params, (p) => p.run());
    return result.rowsChanged;
  }

  /** Run a query and return its rows as plain objects. */
  async all(sql: string, params?: Params): Promise<Row[]> {
    const reader = params ? await runPrepared(await this.connection.prepare(sql), params, (p) => p.runAndReadAll()) : await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJS().map(normaliseRow);
  }

  /**
   * Append columns of integers or strings to a table, a chunk of rows at a time (appending row by
   * row costs about 2 µs a row in the Node binding); `catalog` 'temp' for a temp table.
   */
  async appendColumns(table: string, columns: readonly (readonly number[] | readonly string[])[], catalog?: 'temp'): Promise<void> {
    const appender = await this.connection.createAppender(table, catalog && 'main', catalog);
    const types = columns.map((c) => (typeof c[0] === 'string' ? VARCHAR : INTEGER));
    const rows = columns[0]?.length ?? 0;
    for (let start = 0; start < rows; start += APPEND_CHUNK_ROWS) {
      const end = Math.min(rows, start + APPEND_CHUNK_ROWS);
      const chunk = DuckDBDataChunk.create(types, end - start);
      columns.forEach((c, i) => chunk.setColumnValues(i, c.slice(start, end)));
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
  }

  /** Run the named file `queries/<name>.sql`. */
  async runFile(name: string, params?: Params): Promise<void> {
    await this.run(sqlFile(name), params);
  }

  /** Query with the named file `queries/<name>.sql`. */
  async allFile(name: string, params?: Params): Promise<Row[]> {
    return this.all(sqlFile(name), params);
  }

  /** Run `work` inside one transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.run('COMMIT');
      return result;
    } catch (err) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  close(): void {
    this.connection.closeSync();
  }
}

/** Rows per appended chunk: DuckDB's vector size. */
const APPEND_CHUNK_ROWS = 2048;

/** An open faultline database: the DuckDB instance, its schema applied, and a main session. */
export class Store {
  private constructor(
    readonly dbPath: string,
    readonly instance: DuckDBInstance,
    readonly main: Session,
  ) {}

  /** Open (or create) the database at `dbPath` (':memory:' for none) and apply `queries/schema.sql`. */
  static async open(dbPath: string, options: OpenOptions = {}): Promise<Store> {
    const config: Record<string, string> = { memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT };
    const threads = options.threads ?? threadsFromEnv();
    if (threads) config['threads'] = String(threads);
    const instance = await openWaitingForLock(dbPath, config, options.lockTimeoutMs ?? 30_000);
    const main = new Session(await instance.connect());
    await main.run("SET GLOBAL TimeZone = 'UTC'");
    // Loads run ~2x faster without it; every loaded row carries (file_id, line_no) instead.
    await main.run('SET GLOBAL preserve_insertion_order = false');
    // Strings are stored plain or in a dictionary, not FSST-compressed: a load of 2M access lines
    // takes 10% less time (6.8 → 6.1 s, 4 runs each) for a bigger file (33 → 54 MB; the logs were
    // 327 MB). FSST segments written before are still read.
    await main.run("SET GLOBAL disabled_compression_methods = 'fsst'");
    const store = new Store(dbPath, instance, main);
    await main.transaction(async () => {
      // A database from before flow_records: its flows table gives way to the view (migrate/).
      const [old] = await main.all(
        "SELECT count(*) AS n FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'flows'",
      );
      const migrate = Number(old!['n']) > 0;
      if (migrate) await main.run('ALTER TABLE flows RENAME TO flows_v1');
      await main.runFile('schema');
      if (migrate) await main.runFile('migrate/flows-v1');
    });
    return store;
  }

  /** A further connection on the same database (one transaction at a time per connection). */
  async session(): Promise<Session> {
    return new Session(await this.instance.connect());
  }

  close(): void {
    this.main.close();
    this.instance.closeSync();
  }
}

/**
 * Open the DuckDB file; while another process holds it (a cron run still going, a notebook
 * writing), retry until `timeoutMs`, then fail with a message naming the holder.
 */
async function openWaitingForLock(dbPath: string, config: Record<string, string>, timeoutMs: number): Promise<DuckDBInstance> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await DuckDBInstance.create(dbPath, config);
    } catch (err) {
      const message = firstLine(err);
      if (!/lock/i.test(message)) throw new FaultlineError(`cannot open database ${dbPath}: ${message}`);
      if (Date.now() >= deadline) {
        const pid = /PID (\d+)/.exec(message)?.[1];
        throw new FaultlineError(
          `database ${dbPath} is in use by another process${pid ? ` (PID ${pid})` : ''}; waited ${Math.round(timeoutMs / 1000)} s ` +
            `(--lock-timeout to wait longer)`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The first line of an error's message, for one-line reports. */
export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? message;
}

/**
 * Bind a prepared statement's named parameters (`$name`, as DuckDB reports them) from `params`
 * — one params object can serve several statements — run it, and free it.
 */
async function runPrepared<T>(prepared: DuckDBPreparedStatement, params: Params, run: (p: DuckDBPreparedStatement) => Promise<T>): Promise<T> {
  try {
    const values: Params = {};
    for (let i = 1; i <= prepared.parameterCount; i++) {
      const name = prepared.parameterName(i);
      if (!(name in params)) throw new Error(`internal: no value for $${name}`);
      values[name] = params[name]!;
    }
    if (prepared.parameterCount) prepared.bind(values);
    return await run(prepared);
  } finally {
    prepared.destroySync();
  }
}

function normaliseRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = normaliseValue(value);
  return out;
}

function normaliseValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normaliseValue);
  if (value !== null && typeof value === 'object') return normaliseRow(value as Record<string, unknown>);
  return value;
}
