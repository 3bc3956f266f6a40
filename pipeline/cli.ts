#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { Store } from './db.js';
import { FaultlineError, UsageError } from './errors.js';
import { formatTable } from './format-table.js';
import { defaultConcurrency, ingest, type IngestOptions } from './ingest/ingest.js';
import { FORMATS, type Format } from './types.js';

const DEFAULT_DB = './faultline.duckdb';

interface CommonOptions {
  db: string;
  quiet?: boolean;
  memoryLimit?: string;
}
interface IngestCliOptions extends CommonOptions {
  format?: Format;
  inventory?: string;
  region?: string;
  year?: number;
  concurrency?: number;
}

function log(options: CommonOptions): (line: string) => void {
  return (line) => {
    if (!options.quiet || line.startsWith('error')) process.stderr.write(line + '\n');
  };
}

async function withStore<T>(options: CommonOptions, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await Store.open(options.db, options.memoryLimit ? { memoryLimit: options.memoryLimit } : {});
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

function ingestOptions(options: IngestCliOptions): IngestOptions {
  return {
    ...(options.format ? { format: options.format } : {}),
    ...(options.inventory ? { inventory: options.inventory } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.year !== undefined ? { year: options.year } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    log: log(options),
    progress: Boolean(process.stderr.isTTY) && !options.quiet,
  };
}

/** Run the ingest stage for the CLI; returns the exit status it implies. */
async function runIngest(store: Store, paths: string[], options: IngestCliOptions): Promise<number> {
  const started = performance.now();
  const result = await ingest(store, paths, ingestOptions(options));
  const seconds = (performance.now() - started) / 1000;
  const loaded = result.files.filter((f) => f.status === 'loaded');
  const totals = loaded.reduce(
    (a, f) => ({ lines: a.lines + f.lines, rows: a.rows + f.rows, rejects: a.rejects + f.rejects, bytes: a.bytes + f.bytes }),
    { lines: 0, rows: 0, rejects: 0, bytes: 0 },
  );
  const unchanged = result.files.filter((f) => f.status === 'unchanged').length;
  const skipped = result.files.filter((f) => f.status === 'skipped').length;
  process.stderr.write(
    `ingest: ${loaded.length} files loaded (${totals.lines} lines, ${totals.rows} rows, ${totals.rejects} rejects, ${(totals.bytes / 1e6).toFixed(1)} MB), ` +
      `${unchanged} unchanged, ${skipped} skipped, ${result.failed} failed in ${seconds.toFixed(1)} s\n`,
  );
  return result.failed ? 1 : 0;
}

function addIngestOptions(command: Command): Command {
  return command
    .addOption(new Option('--format <name>', 'read every input as this format instead of sniffing').choices(FORMATS))
    .option('--inventory <file>', 'CSV with columns host,region: the region of hosts whose logs do not say')
    .option('--region <name>', 'region for records no other rule places')
    .option('--year <yyyy>', 'year of RFC 3164 syslog lines (default: from the file mtime)', integerOption('a year such as 2026', 1970, 9999))
    .option('--concurrency <n>', `files loaded at once (default ${defaultConcurrency()})`, integerOption('a whole number of files, 1 or more', 1, 64));
}

function integerOption(expected: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected ${expected}`);
    return n;
  };
}

function addCommonOptions(command: Command): Command {
  return command
    .option('--db <path>', 'the DuckDB database file (:memory: for none)', DEFAULT_DB)
    .option('-q, --quiet', 'no progress or per-file lines on stderr (errors still)')
    .option('--memory-limit <size>', "DuckDB's memory_limit, e.g. 2GB", (v) => {
      if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(v)) throw new InvalidArgumentError('expected a size such as 512MB or 2GB');
      return v;
    });
}

/** The faultline command line. */
export function program(): Command {
  const cli = new Command('faultline')
    .description('Log analysis and anomaly detection for SREs: what broke, where, since when, and why.')
    .showHelpAfterError()
    .exitOverride();

  addIngestOptions(addCommonOptions(cli.command('ingest')))
    .description('load logs (files, directories, .gz, - for stdin) into the database')
    .argument('<paths...>', 'files, directories (walked recursively) or - for stdin')
    .addHelpText('after', '\nExample:\n  faultline ingest /var/log/nginx app-logs/ --inventory hosts.csv --db ops.duckdb')
    .action(async (paths: string[], options: IngestCliOptions) => {
      process.exitCode = await withStore(options, (store) => runIngest(store, paths, options));
    });

  addIngestOptions(addCommonOptions(cli.command('run')))
    .description('ingest the logs, then print a per-region summary (detection lands with the detectors)')
    .argument('<paths...>', 'files, directories (walked recursively) or - for stdin')
    .addHelpText('after', '\nExample:\n  faultline run sample-logs --inventory sample-logs/inventory.csv')
    .action(async (paths: string[], options: IngestCliOptions) => {
      process.exitCode = await withStore(options, async (store) => {
        const status = await runIngest(store, paths, options);
        process.stdout.write(formatTable(await store.main.allFile('named/region-summary')));
        return status;
      });
    });

  return cli;
}

async function main(): Promise<void> {
  try {
    await program().parseAsync(process.argv);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      const exitCode = (err as { exitCode?: number }).exitCode ?? 2;
      process.exitCode = code === 'commander.helpDisplayed' || code === 'commander.version' ? 0 : exitCode === 0 ? 0 : 2;
      return;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`faultline: ${err.message}\n`);
      process.exitCode = 2;
    } else if (err instanceof FaultlineError) {
      process.stderr.write(`faultline: ${err.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`faultline: unexpected error\n${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  }
}

await main();
