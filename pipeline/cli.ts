#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { Store } from './db.js';
import { FaultlineError, UsageError } from './errors.js';
import { formatTable } from './format-table.js';
import { writeFile } from 'node:fs/promises';
import { detect } from './detect/detect.js';
import { evaluate, readTruth, type EvalResult } from './eval/truth.js';
import { readSeries, scoreSeries } from './eval/score.js';
import { defaultConcurrency, ingest, type IngestOptions } from './ingest/ingest.js';
import { incidentsDocument, sinceDocument, type IncidentsDoc } from './report/json.js';
import { writePromFile } from './report/prom.js';
import { formatRows, namedQueries, runQuery, type OutputFormat } from './query.js';
import { writeReport } from './report/write.js';
import { exportParquet } from './export.js';
import { FORMATS, type Format } from './types.js';

const DEFAULT_DB = './faultline.duckdb';

interface CommonOptions {
  db: string;
  quiet?: boolean;
  memoryLimit?: string;
  lockTimeout: number;
}
interface DetectCliOptions extends CommonOptions {
  bucket: number;
  json?: boolean;
  exitCode?: boolean;
  report?: string;
  since?: number;
  prom?: string;
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

function addDetectOptions(command: Command): Command {
  return command
    .option('--bucket <duration>', 'time bucket: 30s, 1m, 5m ...', parseDuration, 60)
    .option('--json', 'print the CONTRACT section 4 JSON document on stdout')
    .option('--exit-code', 'exit 3 when an incident was found (for cron alerting)')
    .option('--report <file>', 'also write the report (report.html or report.md)')
    .option('--since <duration>', 'report only incidents open in the last 15m, 1h, ... of the data (cron)', parseDuration)
    .option('--prom <file>', 'write a Prometheus textfile-collector file (atomically)');
}

function isoOption(value: string): string {
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError('expected an ISO 8601 time such as 2026-11-24T00:00:00Z');
  return new Date(value).toISOString();
}

function collectParam(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected key=value');
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/** `30s`, `1m`, `5m`, `1h`, `7d` → seconds. */
function parseDuration(value: string): number {
  const m = /^(\d+)\s*(s|m|h|d)?$/.exec(value.trim());
  const n = m ? Number(m[1]) * ({ s: 1, m: 60, h: 3600, d: 86_400 } as const)[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'] : NaN;
  if (!Number.isInteger(n) || n < 10 || n > 366 * 86_400) throw new InvalidArgumentError('expected a duration such as 30s, 1m, 15m, 1h or 7d');
  return n;
}

async function runDetect(store: Store, options: DetectCliOptions): Promise<void> {
  const result = await detect(store, { bucketSeconds: options.bucket });
  const t = result.timings;
  process.stderr.write(
    `detect: ${result.buckets} buckets rebuilt in ${t.buckets.toFixed(2)} s, templates ${t.templates.toFixed(2)} s, ` +
      `detection ${t.detection.toFixed(2)} s, ${result.anomalies} anomalies, ${result.incidents} incidents ` +
      `(${t.incidents.toFixed(2)} s), ranking ${t.ranking.toFixed(2)} s\n`,
  );
}

/** The end of detect/run: incidents (within --since) printed, report and Prometheus file written; the exit status. */
async function report(store: Store, options: DetectCliOptions, started: number): Promise<number> {
  const all = await incidentsDocument(store);
  const doc = options.since ? sinceDocument(all, options.since) : all;
  const status = printIncidents(doc, options);
  if (options.report) {
    await writeReport(store, options.report);
    if (!options.quiet) process.stderr.write(`report: ${options.report}\n`);
  }
  if (options.prom) await writePromFile(store, doc, options.prom, (performance.now() - started) / 1000);
  return status;
}

/** Print incidents (a table, or the JSON document); returns 3 with --exit-code when there are some. */
function printIncidents(doc: IncidentsDoc, options: { json?: boolean; exitCode?: boolean }): number {
  if (options.json) process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  else if (!doc.incidents.length) process.stdout.write('no incidents\n');
  else {
    process.stdout.write(
      formatTable(
        doc.incidents.map((i) => ({
          id: i.id,
          start: i.start,
          end: i.end,
          regions: i.regions.join(','),
          symptoms: i.symptoms.join(','),
          severity: i.severity,
          top_cause: i.causes[0]?.cause ?? '',
          failed: i.impact.failed_requests,
          requests: i.impact.requests,
        })),
      ),
    );
    for (const i of [...doc.incidents].reverse()) process.stdout.write(`\n${i.id}\n  ${i.summary}\n`);
  }
  return options.exitCode && doc.incidents.length ? 3 : 0;
}

function formatEval(r: EvalResult): string {
  const pct = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(2));
  const lines = [
    `found ${r.found}, labelled ${r.labelled}, matched ${r.matched}`,
    `precision ${pct(r.precision)}  recall ${pct(r.recall)}  F1 ${pct(r.f1)}`,
    `cause accuracy @1 ${pct(r.causeAt1)}  @3 ${pct(r.causeAt3)}`,
    `onset error median ${r.onsetErrorMinutes === null ? 'n/a' : r.onsetErrorMinutes.toFixed(1) + ' min'}, ` +
      `max ${r.maxOnsetErrorMinutes === null ? 'n/a' : r.maxOnsetErrorMinutes.toFixed(1) + ' min'}`,
    ...r.missed.map((m) => `missed: ${m.start} ${m.regions.join(',')} ${m.cause}`),
    ...r.falseAlarms.map((f) => `false alarm: ${f.id}`),
  ];
  return lines.join('\n') + '\n';
}

function addCommonOptions(command: Command): Command {
  return command
    .option('--db <path>', 'the DuckDB database file (:memory: for none)', DEFAULT_DB)
    .option('-q, --quiet', 'no progress or per-file lines on stderr (errors still)')
    .option('--lock-timeout <seconds>', 'wait this long for another process holding the database', integerOption('seconds, 0 or more', 0, 86_400), 30)
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

  addDetectOptions(addCommonOptions(cli.command('detect')))
    .description('build the region buckets, run the detectors, assemble incidents')
    .addHelpText('after', '\nExample:\n  faultline detect --db ops.duckdb --bucket 1m --exit-code')
    .action(async (options: DetectCliOptions) => {
      const started = performance.now();
      process.exitCode = await withStore(options, async (store) => {
        await runDetect(store, options);
        return report(store, options, started);
      });
    });

  addDetectOptions(addIngestOptions(addCommonOptions(cli.command('run'))))
    .description('ingest the logs, detect, and report the incidents: the one-shot and cron entry point')
    .argument('<paths...>', 'files, directories (walked recursively) or - for stdin')
    .addHelpText('after', '\nExamples:\n  faultline run sample-logs --inventory sample-logs/inventory.csv\n  faultline run /var/log/nginx --json --quiet --exit-code > incidents.json')
    .action(async (paths: string[], options: IngestCliOptions & DetectCliOptions) => {
      process.exitCode = await withStore(options, async (store) => {
        const started = performance.now();
        const status = await runIngest(store, paths, options);
        await runDetect(store, options);
        if (!options.json) process.stdout.write(formatTable(await store.main.allFile('named/region-summary')) + '\n');
        const found = await report(store, options, started);
        return status || found;
      });
    });

  addCommonOptions(cli.command('report'))
    .description('write the report: one self-contained HTML file with charts, or Markdown for a postmortem')
    .requiredOption('--out <file>', 'report.html or report.md')
    .addHelpText('after', '\nExample:\n  faultline report --db ops.duckdb --out report.html')
    .action(async (options: CommonOptions & { out: string }) => {
      await withStore(options, (store) => writeReport(store, options.out));
      process.stderr.write(`report: ${options.out}\n`);
    });

  addCommonOptions(cli.command('export'))
    .description('export the data as Hive-partitioned Parquet (kind=/region=/date=) for Spark, Trino or Athena')
    .requiredOption('--parquet <dir>', 'the directory to write')
    .option('--since <time>', 'only rows from this ISO 8601 time on', isoOption)
    .option('--until <time>', 'only rows before this ISO 8601 time', isoOption)
    .addHelpText('after', '\nExample:\n  faultline export --db ops.duckdb --parquet s3-staging/faultline --since 2026-11-24T00:00:00Z')
    .action(async (options: CommonOptions & { parquet: string; since?: string; until?: string }) => {
      const written = await withStore(options, (store) => exportParquet(store, options.parquet, options.since ?? null, options.until ?? null));
      process.stderr.write(`export: ${written.map((w) => `${w.table} ${w.rows}`).join(', ')} rows → ${options.parquet}\n`);
    });

  addCommonOptions(cli.command('incidents'))
    .description('list the incidents found by the last detect')
    .option('--json', 'print the CONTRACT section 4 JSON document on stdout')
    .addHelpText('after', '\nExample:\n  faultline incidents --db ops.duckdb --json | jq ".incidents[0]"')
    .action(async (options: CommonOptions & { json?: boolean }) => {
      process.exitCode = await withStore(options, async (store) => {
        printIncidents(await incidentsDocument(store), options);
        return 0;
      });
    });

  addCommonOptions(cli.command('query'))
    .description('run a named query from queries/named/ or any SQL against the database')
    .argument('[name-or-sql]', 'a named query (see --list) or a SQL statement')
    .option('--list', 'list the named queries with their parameters')
    .option('--param <key=value>', 'a parameter of the named query (repeatable)', collectParam, {} as Record<string, string>)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json', 'arrow']).default('table'))
    .option('--out <file>', 'write the result here instead of stdout (an Arrow stream is binary)')
    .addHelpText('after', '\nExamples:\n  faultline query --list\n  faultline query top-clients --param region=us-east-1 --param limit=5\n  faultline query "SELECT region, count(*) FROM http_requests GROUP BY 1" --format csv\n  faultline query slowest-endpoints --format arrow --out slow.arrow')
    .action(async (nameOrSql: string | undefined, options: CommonOptions & { list?: boolean; param: Record<string, string>; format: OutputFormat; out?: string }) => {
      if (options.list) {
        const rows = namedQueries().map((q) => ({ name: q.name, parameters: q.params.join(', '), description: q.description }));
        process.stdout.write(formatTable(rows));
        return;
      }
      if (!nameOrSql) throw new UsageError('query: name a query (faultline query --list) or give SQL');
      const rows = await withStore(options, (store) => runQuery(store, nameOrSql, options.param));
      const out = formatRows(rows, options.format);
      if (options.out) await writeFile(options.out, out);
      else if (typeof out === 'string') process.stdout.write(out);
      else process.stdout.write(Buffer.from(out));
    });

  cli
    .command('score')
    .description('score one metric series (timestamp,value CSV) online: adds anomaly_score in 0..1 per row')
    .argument('<file>', 'CSV with a header timestamp,value (ISO 8601 or epoch seconds/ms)')
    .option('--out <file>', 'write the scored CSV here instead of stdout')
    .addHelpText('after', '\nExample:\n  faultline score latency_p95.csv --out scored.csv')
    .action(async (file: string, options: { out?: string }) => {
      const points = await readSeries(file);
      const scores = scoreSeries(points);
      const csv = ['timestamp,value,anomaly_score', ...points.map((p, i) => `${p.timestamp},${p.value},${scores[i]}`)].join('\n') + '\n';
      if (options.out) await writeFile(options.out, csv);
      else process.stdout.write(csv);
    });

  addCommonOptions(cli.command('eval'))
    .description('compare the incidents found with labelled ones: precision, recall, F1, cause accuracy, onset error')
    .requiredOption('--truth <file>', 'labelled incidents: {"incidents": [{start, end, regions, cause}]}')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  faultline eval --truth sample-logs/truth.json --db faultline.duckdb')
    .action(async (options: CommonOptions & { truth: string; json?: boolean }) => {
      const truth = await readTruth(options.truth);
      const result = await withStore(options, async (store) => evaluate((await incidentsDocument(store)).incidents, truth));
      process.stdout.write(options.json ? JSON.stringify(result, null, 2) + '\n' : formatEval(result));
    });

  return cli;
}

async function main(): Promise<void> {
  // A reader that went away (`| head`) is not an error of ours.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
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
