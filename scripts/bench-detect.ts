/**
 * Detect over a generated world of 8 regions (for `scripts/bench.ts`), in its own process:
 *   node dist/scripts/bench-detect.js DAYS DB
 * The events are generated inside DuckDB (INSERT … SELECT over range(), diurnal traffic,
 * an error spike and a latency surge per day) — the stage measured is detect, not ingest.
 * Prints {days, events, regionMinutes, buckets, detection, incidents, total, rssMiB} as JSON.
 */
import { Store } from '../pipeline/db.js';
import { analyse as detect } from '../pipeline/analyse.js';

async function main(): Promise<void> {
  const [daysArg, db] = process.argv.slice(2) as [string, string];
  const days = Number(daysArg);
  const store = await Store.open(db);
  await store.main.runFile('bench/generate-week', { days, per_minute: Number(process.env['BENCH_PER_MINUTE'] ?? 150) });
  await store.main.runFile('detect/all-data-dirty');
  const [{ n: events } = { n: 0 }] = (await store.main.all(
    'SELECT (SELECT count(*) FROM http_requests) + (SELECT count(*) FROM log_lines) + (SELECT count(*) FROM metric_samples) AS n',
  )) as { n: number }[];
  const started = performance.now();
  const result = await detect(store);
  const total = (performance.now() - started) / 1000;
  const [{ n: regionMinutes } = { n: 0 }] = (await store.main.all('SELECT count(*) AS n FROM region_buckets')) as { n: number }[];
  store.close();
  process.stdout.write(
    JSON.stringify({
      days,
      events,
      regionMinutes,
      incidents: result.incidents,
      buckets: result.timings.buckets,
      templates: result.timings.templates,
      detection: result.timings.detection,
      incidentsSeconds: result.timings.incidents,
      ranking: result.timings.ranking,
      total,
      rssMiB: process.resourceUsage().maxRSS / 1024,
    }) + '\n',
  );
}

await main();
