import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DEFAULT_SERIES_COLUMNS } from '../defaults.js';
import type { EvalResult } from '../eval/truth.js';
import { addCommonOptions, checkOutputs, withStore, type CommonOptions } from './options.js';

function formatEval(r: EvalResult): string {
  const pct = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(2));
  const minutes = (x: number | null): string => (x === null ? 'n/a' : `${x.toFixed(1)} min`);
  const lines = [
    `found ${r.found}, labelled ${r.labelled}, matched ${r.matched}`,
    `precision ${pct(r.precision)}  recall ${pct(r.recall)}  F1 ${pct(r.f1)}`,
    `cause accuracy @1 ${pct(r.causeAt1)}  @3 ${pct(r.causeAt3)}`,
    `fragmentation ${pct(r.fragmentation)} found per labelled (1.00: one event, one incident)`,
    `onset error median ${minutes(r.onsetErrorMinutes)}, max ${minutes(r.maxOnsetErrorMinutes)}`,
    ...r.missed.map((m) => `missed: ${m.start} ${m.regions.join(',')} ${m.cause}`),
    ...r.falseAlarms.map((f) => `false alarm: ${f.id}`),
  ];
  return lines.join('\n') + '\n';
}

/** `faultline score` and `faultline eval`. */
export function evaluateCommands(cli: Command): void {
  cli
    .command('score')
    .description('score one metric series (timestamp,value CSV) online: adds anomaly_score in 0..1 per row')
    .argument('<file>', 'CSV with a header timestamp,value (ISO 8601 or epoch seconds/ms)')
    .option('--out <file>', 'write the scored CSV here instead of stdout')
    .option('--time-col <name>', 'the column holding the time', DEFAULT_SERIES_COLUMNS.time)
    .option('--value-col <name>', 'the column holding the value', DEFAULT_SERIES_COLUMNS.value)
    .option('--quiet', 'no note on stderr')
    .addHelpText('after', '\nExample:\n  faultline score latency_p95.csv --out scored.csv\n  faultline score export.csv --time-col time --value-col p95_ms')
    .action(async (file: string, options: { out?: string; timeCol: string; valueCol: string; quiet?: boolean }) => {
      checkOutputs({ '--out': options.out });
      const [{ readSeries }, { scoreSeries }] = await Promise.all([import('../eval/score.js'), import('../detect/series-score.js')]);
      const points = await readSeries(file, { time: options.timeCol, value: options.valueCol });
      const { scores, warmup } = scoreSeries(points);
      if (!options.quiet && points.length) {
        process.stderr.write(`score: ${points.length} points; the first ${warmup} (to ${points[warmup - 1]!.timestamp}) are warm-up, scored 0\n`);
      }
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
      const [{ evaluate, readTruth }, { incidentsDocument }] = await Promise.all([import('../eval/truth.js'), import('../report/json.js')]);
      const truth = await readTruth(options.truth);
      const result = await withStore(options, async (store) => evaluate((await incidentsDocument(store)).incidents, truth), { readOnly: true });
      process.stdout.write(options.json ? JSON.stringify(result, null, 2) + '\n' : formatEval(result));
    });
}
