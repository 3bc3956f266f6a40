import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyse } from '../../pipeline/analyse.js';
import { GAP_FILL_SECONDS } from '../../pipeline/detect/buckets.js';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { memoryStore, num, tempDir } from '../helpers.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** One combined access-log line at `ms` (UTC). */
function accessLine(ms: number, i: number, status = 200): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  const when = `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
  return `10.0.${i % 7}.${i % 250} - - [${when}] "GET /api/item/${i % 13} HTTP/1.1" ${status} 512 "-" "curl/8.4.0" ${(0.05 + (i % 5) * 0.01).toFixed(3)}`;
}

/** Steady traffic: `perMinute` requests each minute from `startMs` for `minutes`. */
function steady(startMs: number, minutes: number, perMinute: number): string[] {
  const out: string[] = [];
  for (let m = 0; m < minutes; m++) for (let k = 0; k < perMinute; k++) out.push(accessLine(startMs + m * 60_000 + k * Math.floor(60_000 / perMinute), m * perMinute + k));
  return out;
}

describe('gaps in time', () => {
  it('two lines ten years apart make two buckets, not a grid of ten years', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'gap.log');
    writeFileSync(file, [accessLine(Date.UTC(2016, 10, 24, 9), 1), accessLine(Date.UTC(2026, 10, 24, 9), 2)].join('\n') + '\n');
    const store = await memoryStore();
    await ingest(store, [file], { region: 'lab' });
    const result = await analyse(store);
    expect(await num(store, 'SELECT count(*) FROM region_buckets')).toBe(2);
    expect(result.incidents).toBe(0);
    expect(result.coverage).toEqual([{ region: 'lab', buckets: 2, judged: 0, requests: true, metrics: false, logs: false }]);
  });

  it('a week without data stays a gap: no buckets for it, no incident at either edge', async () => {
    const dir = tempDir();
    const day = Date.UTC(2026, 10, 2, 0);
    // Three days of steady traffic, a week of nothing (host down), three more days.
    const before = steady(day, 3 * 1440, 4);
    const after = steady(day + 10 * 86_400_000, 3 * 1440, 4);
    // A 20-minute silence inside the data: short enough to be zero-filled (a real drop).
    const silent = (l: string): boolean => !/\[03\/Nov\/2026:12:(0|1)\d/.test(l);
    writeFileSync(path.join(dir, 'access.log'), [...before, ...after].filter(silent).join('\n') + '\n');
    const store = await memoryStore();
    await ingest(store, [dir], { region: 'lab' });
    const result = await analyse(store);
    expect(20 * 60).toBeLessThan(GAP_FILL_SECONDS);
    // 6 days of minutes with data; the week between has no rows; the 20 silent minutes are zeros.
    expect(await num(store, 'SELECT count(*) FROM region_buckets')).toBe(6 * 1440);
    expect(await num(store, "SELECT count(*) FROM region_buckets WHERE requests = 0")).toBe(20);
    expect(await num(store, "SELECT count(*) FROM region_buckets WHERE bucket_start BETWEEN '2026-11-05T01:00:00Z' AND '2026-11-11T23:00:00Z'")).toBe(0);
    // Nothing is an incident at the gap's edges: the data after the week is judged like the data before.
    expect(result.incidents).toBe(0);
    expect(result.coverage[0]!.judged).toBeGreaterThan(6 * 1440 - 60);
  });
});
