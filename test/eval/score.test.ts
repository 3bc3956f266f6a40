import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { scoreSeries } from '../../pipeline/eval/score.js';
import { cli, tempDir } from '../helpers.js';

const series = (values: number[]) => values.map((value, i) => ({ ms: Date.UTC(2026, 10, 24) + i * 60_000, value }));
const noisy = (n: number) => Array.from({ length: n }, (_, i) => 100 + ((i * 37) % 11) - 5);

describe('faultline score', () => {
  it('scores a spike high and ordinary points low, using only earlier rows', () => {
    const values = [...noisy(60), 400, ...noisy(10)];
    const scores = scoreSeries(series(values));
    expect(scores.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(Math.max(...scores.slice(10, 60))).toBeLessThan(0.2);
    expect(scores[60]).toBeGreaterThan(0.99);
    // Online: what comes later never changes an earlier score.
    const changed = scoreSeries(series([...values.slice(0, 61), ...Array(10).fill(5000)]));
    expect(changed.slice(0, 61)).toEqual(scores.slice(0, 61));
  });

  it('writes timestamp,value,anomaly_score for every row, and names the line of a bad row', () => {
    const dir = tempDir();
    const input = path.join(dir, 'm.csv');
    const rows = [...noisy(30), 900].map((v, i) => `${new Date(Date.UTC(2026, 10, 24) + i * 60_000).toISOString()},${v}`);
    writeFileSync(input, ['timestamp,value', ...rows].join('\n') + '\n');
    const out = path.join(dir, 'scored.csv');
    expect(cli(['score', input, '--out', out]).status).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score');
    expect(lines).toHaveLength(32);
    expect(Number(lines[31]!.split(',')[2])).toBeGreaterThan(0.99);

    writeFileSync(input, 'timestamp,value\n2026-11-24T00:00:00Z,1\n2026-11-24T00:01:00Z,abc\n');
    const bad = cli(['score', input]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(`faultline: ${input}:3: unreadable value "abc"\n`);
  });
});
