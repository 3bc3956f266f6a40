import { describe, expect, it } from 'vitest';
import { SeriesBaseline, calibrate } from '../../pipeline/detect/baseline.js';

const MIN = 60_000;

describe('baselines', () => {
  it('uses the trailing hour, median and 1.4826 × MAD, as computed by hand', () => {
    // 0..59 then the point judged: history is the 60 values before it.
    const values = [...Array.from({ length: 60 }, (_, i) => (i % 2 ? 10 : 12)), 100];
    const times = values.map((_, i) => i * MIN);
    const b = new SeriesBaseline(times).at(60, values)!;
    // median of thirty 10s and thirty 12s = 11; |x - 11| = 1 for all → MAD 1.
    expect(b).toMatchObject({ expected: 11, n: 60, seasonal: false });
    expect(b.spread).toBeCloseTo(1.4826, 6);
  });

  it('leaves anomalous points out, so a long anomaly does not become the usual', () => {
    const values = [...Array.from({ length: 60 }, () => 10), ...Array.from({ length: 40 }, () => 50)];
    const times = values.map((_, i) => i * MIN);
    const series = new SeriesBaseline(times);
    for (let i = 60; i < 99; i++) series.exclude(i);
    expect(series.at(99, values)!.expected).toBe(10);
    const naive = new SeriesBaseline(times);
    expect(naive.at(99, values)!.expected).toBe(50);
  });

  it('switches to the same time of day on earlier days once two days of history exist', () => {
    // A daily pattern: 100 at 12:00-12:59, 10 otherwise, 3 days of minutes.
    const times = Array.from({ length: 3 * 1440 }, (_, i) => i * MIN);
    const values = times.map((t) => (Math.floor((t % 86_400_000) / 3_600_000) === 12 ? 100 : 10));
    const series = new SeriesBaseline(times);
    const noon = 2 * 1440 + 12 * 60 + 30;
    const b = series.at(noon, values)!;
    expect(b.seasonal).toBe(true);
    expect(b.expected).toBe(100);
    // Day 1 has no 2 days of history: the trailing hour (10s before noon).
    expect(series.at(1440 + 12 * 60 + 5, values)!).toMatchObject({ seasonal: false, expected: 10 });
  });

  it('chooses history by time, not position: across a 6-hour gap, noon is compared with noon', () => {
    // Three days of minutes with a daily pattern (100 at 12:00-12:59, 10 otherwise), with the
    // hours 00:00-05:59 of day 2 missing: counting by position would look 6 hours off.
    const times = Array.from({ length: 3 * 1440 }, (_, i) => i * MIN).filter((t) => !(t >= 86_400_000 && t < 86_400_000 + 6 * 3_600_000));
    const values = times.map((t) => (Math.floor((t % 86_400_000) / 3_600_000) === 12 ? 100 : 10));
    const series = new SeriesBaseline(times);
    const noon = times.indexOf(2 * 86_400_000 + 12 * 3_600_000 + 30 * MIN);
    const b = series.at(noon, values)!;
    expect(b).toMatchObject({ seasonal: true, expected: 100 });
    // Its history is 12:15-12:45 on days 1 and 0, nothing else.
    expect(b.indexes.map((j) => new Date(times[j]!).toISOString().slice(11, 16))).toEqual(
      [1, 0].flatMap(() => Array.from({ length: 31 }, (_, k) => `12:${String(15 + k).padStart(2, '0')}`)),
    );
  });

  it('calibrates z to 0..1 on one scale', () => {
    expect(calibrate(5)).toBe(0.5);
    expect(calibrate(3)).toBeCloseTo(0.119, 3);
    expect(calibrate(9)).toBeGreaterThan(0.98);
    expect(calibrate(-10)).toBeLessThan(0.001);
  });
});
