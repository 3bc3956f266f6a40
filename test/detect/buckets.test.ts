import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyse as detect } from '../../pipeline/analyse.js';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { FIXTURES, SAMPLE, memoryStore, num, rows, tempDir } from '../helpers.js';

const BUCKETS = `SELECT region, strftime(bucket_start, '%H:%M') AS t, requests, s5xx, p95_ms, clients, error_lines, cpu_busy_pct,
                        net_drops, flows, rejected_flows, auth_failures, changes
                 FROM region_buckets ORDER BY region, bucket_start`;

describe('region buckets', () => {
  it('count every signal per region and minute, zero-filled', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'region=eu-central-1'));
    writeFileSync(path.join(dir, 'region=eu-central-1', 'access.log'), readFileSync(path.join(FIXTURES, 'access-mixed.log')));
    const store = await memoryStore();
    await ingest(store, [dir]);
    await detect(store);
    // access-mixed.log: 6 requests at 09:00:00–09:00:06 UTC, one 503 and one 502.
    expect(await rows(store, BUCKETS)).toEqual([
      {
        region: 'eu-central-1', t: '09:00', requests: 6, s5xx: 2, p95_ms: expect.any(Number), clients: 6, error_lines: 0,
        cpu_busy_pct: null, net_drops: null, flows: 0, rejected_flows: 0, auth_failures: 0, changes: 0,
      },
    ]);
    const [p95] = await rows(store, 'SELECT quantile_cont(request_time_s * 1000, 0.95) AS q FROM http_requests');
    expect((await rows(store, 'SELECT p95_ms FROM region_buckets'))[0]!['p95_ms']).toBeCloseTo(p95!['q'] as number, 9);
  });

  it('rebuild only what a new ingest touched, giving the same buckets as a full build', async () => {
    const dir = tempDir();
    const lines = readFileSync(path.join(SAMPLE, 'region=eu-central-1', 'host=euc1-web-1', 'access.log'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const file = path.join(dir, 'region=eu-central-1', 'access.log');
    mkdirSync(path.dirname(file));
    const half = Math.floor(lines.length / 2);
    writeFileSync(file, lines.slice(0, half).join('\n') + '\n');
    const store = await memoryStore();
    await ingest(store, [dir]);
    const first = await detect(store);
    writeFileSync(file, lines.join('\n') + '\n');
    await ingest(store, [dir]);
    const second = await detect(store);
    // The second run rebuilt from the last bucket on, not the whole hour.
    expect(second.buckets).toBeLessThan(first.buckets);
    const incremental = await rows(store, BUCKETS);

    const full = await memoryStore();
    await ingest(full, [dir]);
    await detect(full);
    expect(incremental).toEqual(await rows(full, BUCKETS));
    expect(await num(store, 'SELECT count(*) FROM bucket_dirty')).toBe(0);
  });

  it('turn counters into increases, counting a reset from zero', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'net.influx');
    const t = (s: number): string => `${BigInt(Date.UTC(2026, 10, 24, 10, 0, s)) * 1_000_000n}`;
    writeFileSync(
      file,
      [
        `net,host=a,region=r,interface=eth0 drop_in=100i ${t(0)}`,
        `net,host=a,region=r,interface=eth0 drop_in=110i ${t(30)}`,
        `net,host=a,region=r,interface=eth0 drop_in=130i ${t(60)}`,
        `net,host=a,region=r,interface=eth0 drop_in=5i ${t(90)}`,
        `net,host=b,region=r,interface=eth0 drop_in=7i ${t(0)}`,
        `net,host=b,region=r,interface=eth0 drop_in=9i ${t(70)}`,
      ].join('\n') + '\n',
    );
    const store = await memoryStore();
    await ingest(store, [file]);
    await detect(store);
    // 10:00: a +10; 10:01: a +20, then reset to 5 (+5), b +2.
    expect(await rows(store, `SELECT strftime(bucket_start, '%H:%M') AS t, net_drops FROM region_buckets ORDER BY 1`)).toEqual([
      { t: '10:00', net_drops: 10 },
      { t: '10:01', net_drops: 27 },
    ]);
  });

  it('fl_bucket starts the same bucket as time_bucket from the epoch, before 1970, after 2100, for widths in fractions of a second to a week', async () => {
    const store = await memoryStore();
    const [got] = await rows(
      store,
      `WITH t AS (
         SELECT TIMESTAMPTZ '1900-01-01 00:00:00+00' + to_microseconds((hash(i) % 7000000000000000)::BIGINT) AS ts, w
         FROM range(20000) r(i), (VALUES (0.001), (0.5), (1), (1.5), (7), (60), (300), (3600), (86400), (604800)) v(w)
       )
       SELECT count(*) AS n,
              count(*) FILTER (WHERE fl_bucket(ts, w) IS DISTINCT FROM time_bucket(to_seconds(w), ts, TIMESTAMPTZ '1970-01-01 00:00:00+00')) AS differ,
              count(*) FILTER (WHERE ts < TIMESTAMPTZ '1970-01-01 00:00:00+00') AS before_1970
       FROM t`,
    );
    expect(got).toEqual({ n: 200000, differ: 0, before_1970: expect.any(Number) });
    expect(got!['before_1970']).toBeGreaterThan(10000);
    expect(await rows(store, "SELECT fl_bucket('infinity'::TIMESTAMPTZ, 60)::VARCHAR AS a, fl_bucket(TIMESTAMPTZ '2026-11-24 07:41:59.999999+00', 60)::VARCHAR AS b")).toEqual([
      { a: 'infinity', b: '2026-11-24 07:41:00+00' },
    ]);
  });
});
