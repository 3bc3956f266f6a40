import type { Command } from 'commander';
import type { Store } from '../db.js';
import { DEFAULT_BUCKET_SECONDS } from '../defaults.js';
import { formatTable } from '../format-table.js';
import type { IncidentsDoc } from '../report/json.js';
import type { RegionTables } from '../report/report-data.js';
import { addIngestOptions, runIngest, type IngestCliOptions } from './ingest.js';
import { boundTime, type TimeBound } from '../time.js';
import { addCommonOptions, bucketOption, checkOutputs, timeBoundOption, withStore, type CommonOptions } from './options.js';

interface DetectCliOptions extends CommonOptions {
  bucket: number;
  json?: boolean;
  exitCode?: boolean;
  report?: string;
  since?: TimeBound;
  prom?: string;
}

function addDetectOptions(command: Command): Command {
  return command
    .option('--bucket <duration>', 'time bucket: 30s, 1m, 5m ...', bucketOption, DEFAULT_BUCKET_SECONDS)
    .option('--json', 'print the incidents JSON document (docs/incidents.schema.json) on stdout')
    .option('--exit-code', 'exit 3 when an incident is open at the end of the data (for cron alerting)')
    .option('--report <file>', 'also write the report (report.html or report.md)')
    .option('--since <time>', 'report only incidents open since then: a duration back from the end of the data (15m, 1h30m, 2d; for cron) or an ISO time', timeBoundOption)
    .option('--prom <file>', 'write a Prometheus textfile-collector file (atomically)');
}

async function runDetect(store: Store, options: DetectCliOptions, whileBuilding?: () => void): Promise<void> {
  const [{ analyse }, { explainQuiet }] = await Promise.all([import('../analyse.js'), import('../detect/detect.js')]);
  const result = await analyse(store, { bucketSeconds: options.bucket, ...(whileBuilding ? { whileBuilding } : {}) });
  const t = result.timings;
  process.stderr.write(
    `detect: ${result.buckets} buckets rebuilt in ${t.buckets.toFixed(2)} s, templates ${t.templates.toFixed(2)} s, ` +
      `detection ${t.detection.toFixed(2)} s, ${result.anomalies} anomalies, ${result.incidents} incidents ` +
      `(${t.incidents.toFixed(2)} s), ranking ${t.ranking.toFixed(2)} s\n`,
  );
  if (!result.incidents && !options.quiet) process.stderr.write(`detect: ${explainQuiet(result.coverage, options.bucket)}\n`);
}

/** The end of detect/run: incidents (within --since) printed, report and Prometheus file written; the exit status. */
async function finish(
  store: Store,
  options: DetectCliOptions,
  started: number,
  tables: RegionTables | undefined,
  reportModule: ReportModule,
): Promise<number> {
  const { incidentsDocument, sinceDocument } = await import('../report/json.js');
  const all = await incidentsDocument(store);
  const end = all.window.end ? Date.parse(all.window.end) : null;
  const from = options.since ? boundTime(options.since, end) : null;
  const doc = from === null ? all : sinceDocument(all, from);
  const status = printIncidents(doc, options);
  // A write that fails now (disk full) is one line, and never hides the paging exit 3.
  let failed = false;
  const attempt = async (option: string, target: string, write: () => Promise<void>): Promise<void> => {
    try {
      await write();
    } catch (err) {
      failed = true;
      const e = err as NodeJS.ErrnoException;
      process.stderr.write(`faultline: ${option} ${target}: ${e.code ?? e.message.split('\n')[0]}\n`);
    }
  };
  if (options.report) {
    const report = options.report;
    await attempt('--report', report, async () => {
      const { writeReport } = await reportModule!;
      await writeReport(store, report, { doc: all, tables });
      if (!options.quiet) process.stderr.write(`report: ${report}\n`);
    });
  }
  if (options.prom) {
    const prom = options.prom;
    const { writePromFile } = await import('../report/prom.js');
    await attempt('--prom', prom, () => writePromFile(store, doc, prom, (performance.now() - started) / 1000));
  }
  return failed && status !== 3 ? 1 : status;
}

type ReportModule = Promise<typeof import('../report/write.js')> | undefined;

/**
 * Detect, and the report writer's module when --report asks for one. The module loads Vega (about
 * 0.1 s of this thread as the build bundles it, 0.3-0.5 s unbundled; this thread also issues
 * detect's statements), so it starts loading once the buckets, detect's longest statement, are
 * being rebuilt in DuckDB's threads. The loading module comes back in an object: returned bare
 * from an async function it would be awaited here, and a failure to load would end detect.
 */
async function detectLoadingReport(store: Store, options: DetectCliOptions): Promise<{ reportModule: ReportModule }> {
  let loading: ReportModule;
  const load = (): void => {
    if (!options.report || loading) return;
    loading = import('../report/write.js');
    loading.catch(() => undefined); // awaited (and its failure reported) when the report is written
  };
  await runDetect(store, options, load);
  load();
  return { reportModule: loading };
}

/** Print incidents (a table and summaries, or the JSON document); 3 with --exit-code when one is still open (resolved ones do not page). */
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
          status: i.status,
          top_cause: i.causes[0]?.cause ?? '',
          failed: i.impact.failed_requests,
          requests: i.impact.requests,
        })),
      ),
    );
    for (const i of [...doc.incidents].reverse()) process.stdout.write(`\n${i.id}\n  ${i.summary}\n`);
  }
  return options.exitCode && doc.incidents.some((i) => i.status === 'open') ? 3 : 0;
}

/** `faultline detect`, `faultline run`, `faultline incidents`. */
export function detectCommands(cli: Command): void {
  addDetectOptions(addCommonOptions(cli.command('detect')))
    .description('build the region buckets, run the detectors, assemble incidents, rank their causes')
    .addHelpText('after', '\nExample:\n  faultline detect --db ops.duckdb --bucket 1m --exit-code')
    .action(async (options: DetectCliOptions) => {
      const started = performance.now();
      checkOutputs({ '--report': options.report, '--prom': options.prom });
      process.exitCode = await withStore(options, async (store) => {
        const { reportModule } = await detectLoadingReport(store, options);
        return finish(store, options, started, undefined, reportModule);
      });
    });

  addDetectOptions(addIngestOptions(addCommonOptions(cli.command('run'))))
    .description('ingest the logs, detect, and report the incidents: the one-shot and cron entry point')
    .argument('<paths...>', 'files, directories (walked recursively) or - for stdin')
    .addHelpText('after', '\nExamples:\n  faultline run sample-logs --inventory sample-logs/inventory.csv\n  faultline run /var/log/nginx --json --quiet --exit-code > incidents.json')
    .action(async (paths: string[], options: IngestCliOptions & DetectCliOptions) => {
      checkOutputs({ '--report': options.report, '--prom': options.prom });
      process.exitCode = await withStore(options, async (store) => {
        const started = performance.now();
        const status = await runIngest(store, paths, options);
        const { reportModule } = await detectLoadingReport(store, options);
        // The per-region totals are read once, for stdout and the report (full scans: 0.2-0.3 s on
        // 2M requests); for a report, with its activity, which counts the clients for both.
        const { regionTables } = await import('../report/report-data.js');
        const tables = options.report ? await regionTables(store) : undefined;
        if (!options.json) {
          process.stdout.write(formatTable(tables?.summary ?? (await store.main.allFile('named/region-summary', { clients: true }))) + '\n');
        }
        const found = await finish(store, options, started, tables, reportModule);
        return status || found;
      });
    });

  addCommonOptions(cli.command('incidents'))
    .description('list the incidents found by the last detect')
    .option('--json', 'print the incidents JSON document (docs/incidents.schema.json) on stdout')
    .addHelpText('after', '\nExample:\n  faultline incidents --db ops.duckdb --json | jq ".incidents[0]"')
    .action(async (options: CommonOptions & { json?: boolean }) => {
      const [{ incidentsDocument }, { explainQuiet, storedCoverage }] = await Promise.all([import('../report/json.js'), import('../detect/detect.js')]);
      process.exitCode = await withStore(options, async (store) => {
        const doc = await incidentsDocument(store);
        printIncidents(doc, options);
        if (!doc.incidents.length && !options.quiet) {
          const { coverage, bucketSeconds } = await storedCoverage(store);
          process.stderr.write(`incidents: ${explainQuiet(coverage, bucketSeconds)}\n`);
        }
        return 0;
      }, { readOnly: true });
    });
}
