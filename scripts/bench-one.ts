/**
 * One measured load for `scripts/bench.ts`, in its own process:
 *   node dist/scripts/bench-one.js faultline|native|csv|parse FORMAT PATH DB [CONCURRENCY]
 * (`csv`: an access log read by DuckDB's CSV reader alone, queries/bench/access-csv.sql; `parse`:
 * JSON lines read as whole lines by DuckDB and parsed by faultline's parse SQL, JSONL_PARSE_SQL.)
 * Prints {seconds, rssMiB, rows, rerunSeconds} as JSON on stdout (rerunSeconds: faultline's second
 * ingest of the same input, which finds nothing new).
 */
import { createReadStream } from 'node:fs';
import { Store } from '../pipeline/db.js';
import { ingest } from '../pipeline/ingest/ingest.js';
import { registerBlocks } from '../pipeline/ingest/blocks.js';
import { jsonl } from '../pipeline/ingest/formats/jsonl.js';
import { JSONL_PARSE_SQL, NATIVE_SQL, type BenchFormat, type BenchMode } from './bench-data.js';

/** Lines of a file read and split in Node, nothing parsed: the floor where DuckDB has no reader. */
async function splitLines(file: string): Promise<number> {
  let lines = 0;
  let rest = '';
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const parts = (rest + (chunk as Buffer).toString('utf8')).split('\n');
    rest = parts.pop()!;
    lines += parts.length;
  }
  return rest ? lines + 1 : lines;
}

async function main(): Promise<void> {
  const [mode, format, file, db, concurrency] = process.argv.slice(2) as [BenchMode, BenchFormat | 'auto', string, string, string?];
  const store = await Store.open(db);
  const started = performance.now();
  let rows: number;
  // FORMAT 'auto': a mixed pile, each file's format sniffed.
  const ingestOptions = { ...(format !== 'auto' ? { format } : {}), ...(concurrency ? { concurrency: Number(concurrency) } : {}) };
  // The references that run faultline's parse SQL need the ingest session's macros.
  const parseMacros = async (): Promise<void> => {
    registerBlocks(store.main);
    await store.main.runFile('ingest/session');
  };
  if (mode === 'faultline') {
    const result = await ingest(store, [file], ingestOptions);
    if (result.failed) throw new Error(result.files.map((f) => f.message).join('; '));
  } else if (mode === 'csv') {
    if (format !== 'access') throw new Error('the CSV reader floor is for access logs');
    await store.main.runFile('bench/access-csv', { file });
  } else if (mode === 'parse') {
    if (format !== 'jsonl') throw new Error('the reference with faultline\'s parse SQL is for JSON lines');
    await parseMacros();
    await store.main.run(JSONL_PARSE_SQL(), { file, cli_region: null, ...jsonl.runParams!({}) });
  } else {
    if (format === 'auto') throw new Error('no native reference for a mixed pile');
    const sql = NATIVE_SQL[format];
    if (sql === undefined) {
      rows = await splitLines(file);
    } else {
      await parseMacros(); // (the access-log reference runs faultline's parse SQL)
      await store.main.run(sql, { file });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  let rerunSeconds: number | undefined;
  if (mode === 'faultline') {
    // The same input once more, as a cron re-run finds it (nothing new).
    const again = performance.now();
    await ingest(store, [file], ingestOptions);
    rerunSeconds = (performance.now() - again) / 1000;
    const [row] = await store.main.all('SELECT sum(rows_loaded) AS n FROM ingested_files');
    rows = Number(row!['n']);
  } else if (mode !== 'native' || (format !== 'auto' && NATIVE_SQL[format] !== undefined)) {
    const [row] = await store.main.all('SELECT count(*) AS n FROM native');
    rows = row!['n'] as number;
  }
  store.close();
  process.stdout.write(JSON.stringify({ seconds, rssMiB: process.resourceUsage().maxRSS / 1024, rows: rows!, rerunSeconds }) + '\n');
}

await main();
