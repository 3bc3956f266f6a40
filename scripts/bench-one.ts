/**
 * One measured load for `scripts/bench.ts`, in its own process:
 *   node dist/scripts/bench-one.js faultline|native FORMAT FILE DB
 * Prints {seconds, rssMiB, rows} as JSON on stdout.
 */
import { Store } from '../pipeline/db.js';
import { ingest } from '../pipeline/ingest/ingest.js';
import { registerBlocks } from '../pipeline/ingest/blocks.js';
import { NATIVE_SQL, TABLE_OF, type BenchFormat } from './bench-data.js';

async function main(): Promise<void> {
  const [mode, format, file, db] = process.argv.slice(2) as ['faultline' | 'native', BenchFormat, string, string];
  const store = await Store.open(db);
  const started = performance.now();
  let rows: number;
  if (mode === 'faultline') {
    const result = await ingest(store, [file], { format });
    if (result.failed) throw new Error(result.files.map((f) => f.message).join('; '));
    rows = result.files.reduce((a, f) => a + f.rows, 0);
  } else {
    // The access-log reference runs faultline's parse SQL, which needs the ingest session's macros.
    registerBlocks(store.main);
    await store.main.runFile('ingest/session');
    await store.main.run(NATIVE_SQL[format], { file, file_id: 0, path_region: null, path_host: null, path_service: null, cli_region: null });
    const [row] = await store.main.all('SELECT count(*) AS n FROM native');
    rows = row!['n'] as number;
  }
  const seconds = (performance.now() - started) / 1000;
  if (mode === 'faultline') {
    const [row] = await store.main.all(`SELECT count(*) AS n FROM ${TABLE_OF[format]}`);
    rows = row!['n'] as number;
  }
  store.close();
  process.stdout.write(JSON.stringify({ seconds, rssMiB: process.resourceUsage().maxRSS / 1024, rows }) + '\n');
}

await main();
