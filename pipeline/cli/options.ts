import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import parseDurationMs from 'parse-duration';
import type { Store } from '../db.js';
import { FaultlineError, UsageError } from '../errors.js';
import type { TimeBound } from '../time.js';

/** The database when --db is not given: $FAULTLINE_DB, else ./faultline.duckdb. */
const DEFAULT_DB = process.env['FAULTLINE_DB'] || './faultline.duckdb';

/** Options every command that opens the database takes. */
export interface CommonOptions {
  db: string;
  quiet?: boolean;
  memoryLimit?: string;
  lockTimeout: number;
}

/** --db, --quiet, --lock-timeout, --memory-limit. */
export function addCommonOptions(command: Command): Command {
  return command
    .option('--db <path>', 'the DuckDB database file (:memory: for none; default $FAULTLINE_DB or ./faultline.duckdb)', DEFAULT_DB)
    .option('-q, --quiet', 'no progress or per-file lines on stderr (errors still)')
    .option('--lock-timeout <seconds>', 'wait this long for another process holding the database', integerOption('seconds, 0 or more', 0, 86_400), 30)
    .option('--memory-limit <size>', "DuckDB's memory_limit: 512MB, 1G, 2GiB ... (default 512MB)");
}

/**
 * Open the store for a command, run `work`, close it. A command that only reads (`readOnly`)
 * never creates a database: a path that does not exist is an error naming it.
 */
export async function withStore<T>(options: CommonOptions, work: (store: Store) => Promise<T>, access: { readOnly?: boolean } = {}): Promise<T> {
  if (access.readOnly && options.db !== ':memory:' && !existsSync(options.db)) {
    throw new FaultlineError(`no such database: ${options.db} (run \`faultline ingest\` first, or give --db)`);
  }
  if (options.memoryLimit) await checkSize(options.memoryLimit);
  const { Store } = await import('../db.js');
  const store = await Store.open(options.db, {
    lockTimeoutMs: options.lockTimeout * 1000,
    ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
  });
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

/**
 * A size such as 512MB, 1G, 1.5GB or 2GiB, checked by DuckDB's own parser (the one that will use
 * it) on a throwaway in-memory instance, before the database is opened.
 */
async function checkSize(size: string): Promise<void> {
  const { DuckDBInstance } = await import('../duckdb.js');
  try {
    (await DuckDBInstance.create(':memory:', { memory_limit: size })).closeSync();
  } catch {
    throw new UsageError(`--memory-limit ${size}: expected a size such as 512MB, 1G or 2GiB (see faultline --help)`);
  }
}

/** A per-file line for stderr: all of them, or only errors with --quiet. */
export function log(options: CommonOptions): (line: string) => void {
  return (line) => {
    if (!options.quiet || line.startsWith('error')) process.stderr.write(line + '\n');
  };
}

/** An option parser for whole numbers in [min, max]. */
export function integerOption(expected: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected ${expected}`);
    return n;
  };
}

/** The longest duration any option takes (ten years). */
const MAX_DURATION_SECONDS = 10 * 366 * 86_400;
const DURATION_EXAMPLES = '15m, 1h30m, 1.5h, 90min or 2d';

/**
 * A duration → whole seconds: `30s`, `15m`, `1h30m`, `1.5h`, `90min`, `2d`, `1w` (parsed by
 * parse-duration). A bare number is refused: which unit was meant is a guess (`--since 1` was
 * once the year 2001).
 */
export function parseDuration(value: string): number {
  const text = value.trim();
  const ms = /[a-z]/i.test(text) && !ISO_TIME.test(text) ? parseDurationMs(text) : null;
  const seconds = ms === null || ms === undefined ? NaN : Math.round(ms / 1000);
  if (!(seconds >= 1 && seconds <= MAX_DURATION_SECONDS)) throw new InvalidArgumentError(`expected a duration such as ${DURATION_EXAMPLES}`);
  return seconds;
}

/** A bucket width: a duration from 10 s to 1 day. */
export function bucketOption(value: string): number {
  const seconds = parseDuration(value);
  if (seconds < 10 || seconds > 86_400) throw new InvalidArgumentError('expected a bucket from 10s to 1d, such as 30s, 1m or 5m');
  return seconds;
}

/** An ISO 8601 date or time (UTC unless it names a zone). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** An ISO 8601 time option, normalised to UTC (a time without a zone is UTC, as everything faultline prints). */
function isoOption(value: string): string {
  const text = value.trim();
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) || !text.includes(':') ? text : `${text}Z`;
  const ms = ISO_TIME.test(text) ? Date.parse(zoned.replace(' ', 'T')) : NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError('expected an ISO 8601 time such as 2026-11-24T00:00:00Z');
  return new Date(ms).toISOString();
}

/** `2026-11-24T08:00:00Z` (a time) or `15m`, `1h30m`, `2d` (that long before the end of the data). */
export function timeBoundOption(value: string): TimeBound {
  try {
    return ISO_TIME.test(value.trim()) ? { at: isoOption(value) } : { ago: parseDuration(value) };
  } catch {
    throw new InvalidArgumentError(`expected an ISO 8601 time (2026-11-24T08:00:00Z) or a duration back from the end of the data (${DURATION_EXAMPLES})`);
  }
}

/** Repeatable key=value options into one object. */
export function collectParam(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected key=value');
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/**
 * Check where a command will write before it does any work: each given path must not be a
 * directory, and its directory must exist and be writable. One line naming the option, the path
 * and the reason.
 */
export function checkOutputs(outputs: Record<string, string | undefined>, kind: 'file' | 'directory' = 'file'): void {
  for (const [option, target] of Object.entries(outputs)) {
    if (!target) continue;
    if (kind === 'file' && existsSync(target) && statSync(target).isDirectory()) throw new FaultlineError(`${option} ${target}: is a directory`);
    if (kind === 'directory' && existsSync(target) && !statSync(target).isDirectory()) throw new FaultlineError(`${option} ${target}: exists and is not a directory`);
    const dir = path.dirname(path.resolve(target));
    if (!existsSync(dir)) throw new FaultlineError(`${option} ${target}: no such directory ${dir}`);
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      throw new FaultlineError(`${option} ${target}: directory ${dir} is not writable`);
    }
  }
}
