import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { Store } from '../db.js';
import { FaultlineError } from '../errors.js';

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
    .option('--memory-limit <size>', "DuckDB's memory_limit, e.g. 2GB (default 512MB)", (v) => {
      if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(v)) throw new InvalidArgumentError('expected a size such as 512MB or 2GB');
      return v;
    });
}

/**
 * Open the store for a command, run `work`, close it. A command that only reads (`readOnly`)
 * never creates a database: a path that does not exist is an error naming it.
 */
export async function withStore<T>(options: CommonOptions, work: (store: Store) => Promise<T>, access: { readOnly?: boolean } = {}): Promise<T> {
  if (access.readOnly && options.db !== ':memory:' && !existsSync(options.db)) {
    throw new FaultlineError(`no such database: ${options.db} (run \`faultline ingest\` first, or give --db)`);
  }
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

/** `30s`, `1m`, `5m`, `1h`, `7d` → seconds. */
export function parseDuration(value: string): number {
  const m = /^(\d+)\s*(s|m|h|d)?$/.exec(value.trim());
  const n = m ? Number(m[1]) * ({ s: 1, m: 60, h: 3600, d: 86_400 } as const)[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'] : NaN;
  if (!Number.isInteger(n) || n < 10 || n > 366 * 86_400) throw new InvalidArgumentError('expected a duration such as 30s, 1m, 15m, 1h or 7d');
  return n;
}

/** An ISO 8601 time option, normalised. */
export function isoOption(value: string): string {
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError('expected an ISO 8601 time such as 2026-11-24T00:00:00Z');
  return new Date(value).toISOString();
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
