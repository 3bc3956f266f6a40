import { describe, expect, it } from 'vitest';
import { alarms } from '../../pipeline/detect/threshold.js';

describe('alarm hysteresis', () => {
  it('needs two of three buckets above 0.5 (onset at the first), and ends after three quiet ones', () => {
    const s = [0, 0.6, 0.1, 0.7, 0.8, 0.3, 0.1, 0.25, 0.1, 0.1, 0.1, 0];
    expect(alarms(s)).toEqual([{ first: 1, last: 7, peak: 0.8 }]);
  });

  it('opens on a single very strong bucket but drops one-bucket blips', () => {
    expect(alarms([0, 0.99, 0.3, 0, 0, 0])).toEqual([{ first: 1, last: 2, peak: 0.99 }]);
    expect(alarms([0, 0.99, 0, 0, 0, 0])).toEqual([]);
    expect(alarms([0, 0.6, 0, 0, 0.6, 0])).toEqual([]);
  });

  it('does not flap while the score hovers above the off level', () => {
    const s = [0.9, 0.9, 0.3, 0.25, 0.4, 0.22, 0.9, 0.05, 0.05, 0.05];
    expect(alarms(s)).toEqual([{ first: 0, last: 6, peak: 0.9 }]);
  });
});
