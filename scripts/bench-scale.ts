/**
 * One scale run for `scripts/bench.ts`, in its own process:
 *   node dist/scripts/bench-scale.js DIR DB
 * ingests DIR (access logs under region=…/ and a metrics file) and runs detect, printing
 * {lines, ingestSeconds, ingestRssMiB, detectSeconds, templatesSeconds, rssMiB} as JSON (RSS peaks: after ingest, overall).
 */
import { Store } from '../pipeline/db.js';
import { analyse as detect } from '../pipeline/analyse.js';
import { ingest } from '../pipeline/ingest/ingest.js';

async function main(): Promise<void> {
  const [dir, db] = process.argv.slice(2) as [string, string];
  const store = await Store.open(db, process.env['BENCH_MEMORY_LIMIT'] ? { memoryLimit: process.env['BENCH_MEMORY_LIMIT'] } : {});
  let started = performance.now();
  const result = await ingest(store, [dir]);
  if (result.failed) throw new Error(result.files.map((f) => f.message).join('; '));
  const ingestSeconds = (performance.now() - started) / 1000;
  const ingestRssMiB = process.resourceUsage().maxRSS / 1024;
  started = performance.now();
  const found = await detect(store);
  const detectSeconds = (performance.now() - started) / 1000;
  store.close();
  process.stdout.write(
    JSON.stringify({
      lines: result.files.reduce((a, f) => a + f.lines, 0),
      ingestSeconds,
      ingestRssMiB,
      detectSeconds,
      templatesSeconds: found.timings.templates,
      incidents: found.incidents,
      rssMiB: process.resourceUsage().maxRSS / 1024,
    }) + '\n',
  );
}

await main();
