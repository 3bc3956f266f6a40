/**
 * `faultline score`'s work on some series, for `scripts/bench.ts`, in its own process:
 *   node dist/scripts/bench-score.js FILE.csv...
 * Prints {points, readSeconds, scoreSeconds, rssMiB} as JSON.
 */
import { scoreSeries } from '../pipeline/detect/series-score.js';
import { readSeries } from '../pipeline/eval/score.js';

async function main(): Promise<void> {
  let points = 0;
  let readSeconds = 0;
  let scoreSeconds = 0;
  for (const file of process.argv.slice(2)) {
    let started = performance.now();
    const series = await readSeries(file);
    readSeconds += (performance.now() - started) / 1000;
    started = performance.now();
    scoreSeries(series);
    scoreSeconds += (performance.now() - started) / 1000;
    points += series.length;
  }
  process.stdout.write(JSON.stringify({ points, readSeconds, scoreSeconds, rssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

await main();
