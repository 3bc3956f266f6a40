import { describe, expect, it } from 'vitest';
import { int } from '../pipeline/format.js';

describe('int', () => {
  it("writes whole numbers as toLocaleString('en-US') does, without loading ICU", () => {
    const values = [0, 1, 9, 10, 999, 1000, 1545, 99_999, 100_000, 123_456_789, 2 ** 53, 1e20, 999_999.5, 12.4, -7, -1000, -1_234_567.8];
    for (let i = 0; i < 2000; i++) values.push(Math.floor(10 ** ((i % 19) + Math.sin(i))) * (i % 3 ? 1 : -1) || 0);
    for (const v of values) expect(int(v), String(v)).toBe(Math.round(v).toLocaleString('en-US'));
    expect(int(null)).toBe('0');
    expect(int('2048')).toBe('2,048');
    expect(int(-0.2)).toBe('0');
  });
});
