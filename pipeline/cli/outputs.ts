import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { formatTable } from '../format-table.js';
import type { OutputFormat } from '../query.js';
import type { TimeBound } from '../time.js';
import { addCommonOptions, checkOutputs, collectParam, timeBoundOption, withStore, type CommonOptions } from './options.js';

/** `faultline report`, `faultline query`, `faultline export`: the ways out of the database. */
export function outputCommands(cli: Command): void {
  addCommonOptions(cli.command('report'))
    .description('write the report: one self-contained HTML file with charts, or Markdown for a postmortem')
    .requiredOption('--out <file>', 'report.html or report.md')
    .addHelpText('after', '\nExample:\n  faultline report --db ops.duckdb --out report.html')
    .action(async (options: CommonOptions & { out: string }) => {
      checkOutputs({ '--out': options.out });
      const { writeReport } = await import('../report/write.js');
      await withStore(options, (store) => writeReport(store, options.out), { readOnly: true });
      process.stderr.write(`report: ${options.out}\n`);
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
      const { formatRows, namedQueries, resolveQuery, runQuery } = await import('../query.js');
      if (options.list) {
        const rows = namedQueries().map((q) => ({ name: q.name, parameters: q.params.join(', '), description: q.description }));
        process.stdout.write(formatTable(rows));
        return;
      }
      if (!nameOrSql) throw new UsageError('query: name a query (faultline query --list) or give SQL');
      resolveQuery(nameOrSql, options.param);
      checkOutputs({ '--out': options.out });
      const rows = await withStore(options, (store) => runQuery(store, nameOrSql, options.param), { readOnly: true });
      const out = await formatRows(rows, options.format);
      if (options.out) await writeFile(options.out, out);
      else if (typeof out === 'string') process.stdout.write(out);
      else process.stdout.write(Buffer.from(out));
    });

  addCommonOptions(cli.command('export'))
    .description('export the data as Hive-partitioned Parquet (kind=/region=/date=) for Spark, Trino or Athena')
    .requiredOption('--parquet <dir>', 'the directory to write')
    .option('--since <time>', 'only rows from then on: an ISO 8601 time, or a duration back from the end of the data (2h, 1d)', timeBoundOption)
    .option('--until <time>', 'only rows before then (the same syntax)', timeBoundOption)
    .addHelpText('after', '\nExamples:\n  faultline export --db ops.duckdb --parquet s3-staging/faultline --since 2026-11-24T00:00:00Z\n  faultline export --db ops.duckdb --parquet s3-staging/faultline --since 1d')
    .action(async (options: CommonOptions & { parquet: string; since?: TimeBound; until?: TimeBound }) => {
      checkOutputs({ '--parquet': options.parquet }, 'directory');
      const { exportParquet } = await import('../export.js');
      const written = await withStore(options, (store) => exportParquet(store, options.parquet, options.since, options.until), { readOnly: true });
      process.stderr.write(`export: ${written.map((w) => `${w.table} ${w.rows}`).join(', ')} rows → ${options.parquet}\n`);
    });
}
