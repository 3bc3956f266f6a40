import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REFRACTORY_POINTS } from '../../pipeline/detect/likelihood.js';
import { SCORE_ALARM, WARMUP_POINTS, scoreSeries } from '../../pipeline/detect/series-score.js';
import { cli, tempDir } from '../helpers.js';

const START = Date.UTC(2026, 10, 24);
const series = (values: number[], stepMs = 300_000) => values.map((value, i) => ({ ms: START + i * stepMs, value }));
const noisy = (n: number) => Array.from({ length: n }, (_, i) => 100 + ((i * 37) % 11) - 5);
/** Gaussian noise (Box–Muller over a fixed linear congruential generator): the same every run. */
function gaussian(n: number, mean: number, sd: number, seed = 7): number[] {
  let s = seed;
  const u = (): number => ((s = (s * 1103515245 + 12345) % 2 ** 31) + 1) / (2 ** 31 + 1);
  return Array.from({ length: n }, () => mean + sd * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}
const alarmsOf = (scores: number[]) => scores.flatMap((s, i) => (s >= SCORE_ALARM ? [i] : []));

describe('faultline score', () => {
  it('declares its warm-up: the first points score 0 and are reported as not judged', () => {
    const { scores, warmup } = scoreSeries(series([...noisy(WARMUP_POINTS - 1), 5000, ...noisy(50)]));
    expect(warmup).toBe(WARMUP_POINTS);
    expect(scores.slice(0, WARMUP_POINTS)).toEqual(Array(WARMUP_POINTS).fill(0));
  });

  it('scores a spike high once, ordinary points low, using only earlier rows', () => {
    const values = [...noisy(400), 400, ...noisy(40)];
    const { scores } = scoreSeries(series(values));
    expect(alarmsOf(scores)).toEqual([400]);
    // Online: what comes later never changes an earlier score.
    const changed = scoreSeries(series([...values.slice(0, 401), ...Array(10).fill(5000)])).scores;
    expect(changed.slice(0, 401)).toEqual(scores.slice(0, 401));
  });

  it('a level shift scores high once, early, and the new level is quiet within a bounded time', () => {
    const values = [...gaussian(500, 100, 3), ...gaussian(1500, 160, 3, 11)];
    const { scores } = scoreSeries(series(values));
    const alarms = alarmsOf(scores);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toBeGreaterThanOrEqual(500);
    expect(alarms[0]).toBeLessThan(505);
    // Long after the refractory period the new normal scores low.
    expect(Math.max(...scores.slice(500 + REFRACTORY_POINTS + 100))).toBeLessThan(0.2);
  });

  it('learns its seasonal period: the same weekday for a weekly rhythm, the same hour of recent days for a daily one', () => {
    const hourly = (value: (day: number, hour: number) => number, seed: number) => {
      const noise = gaussian(24 * 7 * 6, 0, 2, seed);
      return series(noise.map((n, i) => value(Math.floor(i / 24), i % 24) + n), 3_600_000);
    };
    const shape = (hour: number) => 30 * Math.sin((hour / 24) * 2 * Math.PI);
    // Weekends quiet and flat, weekdays busy with a daily shape: a week predicts it, a day does not.
    const weekly = scoreSeries(hourly((day, hour) => (day % 7 >= 5 ? 40 : 100 + shape(hour)), 5));
    expect(weekly.season).toBe('week');
    // A daily shape on a growing level: the last days predict it better than the weeks before.
    const daily = scoreSeries(hourly((day, hour) => 100 + 3 * day + shape(hour), 6));
    expect(daily.season).toBe('day');
  });

  it('a noisy series without events stays below the alarm threshold', () => {
    for (const seed of [1, 2, 3]) {
      const { scores } = scoreSeries(series(gaussian(3000, 50, 10, seed)));
      expect(Math.max(...scores)).toBeLessThan(SCORE_ALARM);
    }
  });

  it('writes timestamp,value,anomaly_score for every row, reads quoted values and other headers, and names the line of a bad row', () => {
    const dir = tempDir();
    const input = path.join(dir, 'm.csv');
    const rows = [...noisy(WARMUP_POINTS + 30), 900].map((v, i) => `${new Date(START + i * 60_000).toISOString()},${v}`);
    writeFileSync(input, ['timestamp,value', ...rows].join('\n') + '\n');
    const out = path.join(dir, 'scored.csv');
    const run = cli(['score', input, '--out', out]);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`^score: ${WARMUP_POINTS + 31} points; the first ${WARMUP_POINTS} \\(to \\S+\\) are warm-up, scored 0\\n$`));
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score');
    expect(lines).toHaveLength(WARMUP_POINTS + 32);
    expect(Number(lines.at(-1)!.split(',')[2])).toBeGreaterThanOrEqual(SCORE_ALARM);

    // Quoted values with a thousands separator, other column names, epoch seconds.
    writeFileSync(input, 'when,p95\n1795514400,"1,234"\n1795514460,"1,240.5"\n');
    const quoted = cli(['score', input, '--time-col', 'when', '--value-col', 'p95', '--quiet']);
    expect(quoted.stdout).toBe('timestamp,value,anomaly_score\n1795514400,1234,0\n1795514460,1240.5,0\n');
    expect(quoted.stderr).toBe('');

    writeFileSync(input, 'timestamp,value\n2026-11-24T00:00:00Z,1\n2026-11-24T00:01:00Z,abc\n');
    const bad = cli(['score', input]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(`faultline: ${input}:3: unreadable value "abc"\n`);
    writeFileSync(input, 'time,v\n2026-11-24T00:00:00Z,1\n');
    expect(cli(['score', input]).stderr).toBe(`faultline: ${input}:1: no column "timestamp" in the header (time,v); name them with --time-col/--value-col\n`);
  });
});
