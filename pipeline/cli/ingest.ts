import { InvalidArgumentError, Option, type Command } from 'commander';
import { MAPPABLE } from '../ingest/formats/jsonl.js';
import type { Store } from '../db.js';
import { defaultConcurrency } from '../defaults.js';
import type { IngestOptions } from '../ingest/ingest.js';
import { FORMATS } from '../ingest/formats/index.js';
import type { Format } from '../types.js';
import { addCommonOptions, collectParam, integerOption, log, withStore, type CommonOptions } from './options.js';

export interface IngestCliOptions extends CommonOptions {
  format?: Format;
  inventory?: string;
  region?: string;
  year?: number;
  map?: Record<string, string>;
  force?: boolean;
  concurrency?: number;
}

/** `level=severity,msg=message.text` → { level: 'severity', msg: 'message.text' }; repeatable. */
function fieldMapOption(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const map = value.split(',').reduce((m, pair) => collectParam(pair, m), previous);
  const unknown = Object.keys(map).find((field) => !(MAPPABLE as readonly string[]).includes(field));
  if (unknown) throw new InvalidArgumentError(`no field "${unknown}" (fields: ${MAPPABLE.join(', ')})`);
  return map;
}

function ingestOptions(options: IngestCliOptions): IngestOptions {
  return {
    ...(options.format ? { format: options.format } : {}),
    ...(options.inventory ? { inventory: options.inventory } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.year !== undefined ? { year: options.year } : {}),
    ...(options.map ? { fieldMap: options.map } : {}),
    ...(options.force ? { force: true } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    log: log(options),
    progress: Boolean(process.stderr.isTTY) && !options.quiet,
  };
}

/** Run the ingest stage for the CLI, with its one-line summary; returns the exit status it implies. */
export async function runIngest(store: Store, paths: string[], options: IngestCliOptions): Promise<number> {
  const started = performance.now();
  const { ingest } = await import('../ingest/ingest.js');
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

/** --format, --inventory, --region, --year, --force, --concurrency. */
export function addIngestOptions(command: Command): Command {
  return command
    .addOption(new Option('--format <name>', 'read every input as this format instead of sniffing').choices(FORMATS))
    .option('--inventory <file>', 'CSV with columns host,region: the region of hosts whose logs do not say')
    .option('--region <name>', 'region for records no other rule places')
    .option('--year <yyyy>', 'year of RFC 3164 syslog lines (default: guessed so that no line lies after the file mtime)', integerOption('a year such as 2026', 1970, 9999))
    .option('--map <field=key,...>', `JSON logs with other key names: field=key (a.b for nested keys); fields: ${MAPPABLE.join(', ')}`, fieldMapOption)
    .option('--force', 'reload files read before, replacing what they loaded (e.g. after fixing --year or --region)')
    .option('--concurrency <n>', `files loaded at once (default ${defaultConcurrency()})`, integerOption('a whole number of files, 1 or more', 1, 64));
}

/** `faultline ingest`. */
export function ingestCommand(cli: Command): void {
  addIngestOptions(addCommonOptions(cli.command('ingest')))
    .description('load logs (files, directories, .gz, - for stdin) into the database')
    .argument('<paths...>', 'files, directories (walked recursively) or - for stdin')
    .addHelpText('after', '\nExample:\n  faultline ingest /var/log/nginx app-logs/ --inventory hosts.csv --db ops.duckdb')
    .action(async (paths: string[], options: IngestCliOptions) => {
      process.exitCode = await withStore(options, (store) => runIngest(store, paths, options));
    });
}
