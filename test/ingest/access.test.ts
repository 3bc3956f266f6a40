import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { FIXTURES, SAMPLE, memoryStore, mutatedLines, parseTwoWays, rows, tempDir } from '../helpers.js';

describe('access-log reader', () => {
  it('parses combined and common lines, stores UTC times, and rejects what does not parse', async () => {
    const store = await memoryStore();
    const result = await ingest(store, [path.join(FIXTURES, 'access-mixed.log')]);
    expect(result.failed).toBe(0);
    expect(result.files[0]).toMatchObject({ status: 'loaded', format: 'access', lines: 8, rows: 6, rejects: 2 });

    const got = await rows(
      store,
      `SELECT line_no, strftime(ts, '%Y-%m-%dT%H:%M:%S') AS ts, client_ip, remote_user, method, path, protocol, status,
              bytes, referer, user_agent, request_time_s, upstream_time_s
       FROM http_requests ORDER BY line_no`,
    );
    expect(got[0]).toEqual({
      line_no: 1, ts: '2026-11-24T09:00:00', client_ip: '203.0.113.7', remote_user: null, method: 'GET',
      path: '/api/cart', protocol: 'HTTP/1.1', status: 503, bytes: 182, referer: null, user_agent: 'curl/8.4.0',
      request_time_s: 1.204, upstream_time_s: null,
    });
    expect(got[1]).toMatchObject({ ts: '2026-11-24T09:00:01', remote_user: 'alice', referer: 'https://shop.example.com/', upstream_time_s: 0.05 });
    // -0500: 04:00 local is 09:00 UTC; an escaped quote stays inside the user agent.
    expect(got[2]).toMatchObject({ ts: '2026-11-24T09:00:02', status: 404, user_agent: 'Mozilla/5.0 \\"quoted\\" agent', upstream_time_s: null });
    // The "common" format: no referer, agent or times.
    expect(got[3]).toMatchObject({ line_no: 4, status: 200, bytes: 2326, user_agent: null, request_time_s: null });
    // A request nginx could not parse ("-") is still a request.
    expect(got[4]).toMatchObject({ line_no: 6, status: 400, method: null, path: null });
    // Several upstream tries: their times add up.
    expect(got[5]).toMatchObject({ line_no: 8, status: 502, request_time_s: 3.01, upstream_time_s: 3.005 });

    const rejects = await rows(store, 'SELECT line_no, format, reason, raw FROM rejects ORDER BY line_no');
    expect(rejects).toEqual([
      { line_no: 5, format: 'access', reason: expect.stringContaining('not an access-log line'), raw: 'this is not an access log line' },
      { line_no: 7, format: 'access', reason: 'unreadable time [31/Foo/2026:09:00:05 +0000]', raw: expect.stringContaining('31/Foo/2026') },
    ]);
  });

  it("reads request and upstream times given bare or by name (rt=, urt=, request_time=, upstream_response_time=), and nginx's ISO time", async () => {
    const file = path.join(tempDir(), 'access.log');
    const line = (tail: string): string => `10.0.0.1 - - [24/Nov/2026:07:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8" ${tail}`;
    const iso = '10.0.0.2 - - [2026-11-24T08:00:01+01:00] "GET /iso HTTP/1.1" 200 5 "-" "curl/8"';
    writeFileSync(file, [line('0.123 0.120'), line('rt=0.050 uct="0.000" urt="0.049"'), line('request_time=0.2 upstream_response_time=0.1, 0.05'), line('rt=0.3 urt="-"'), iso].join('\n') + '\n');
    const store = await memoryStore();
    await ingest(store, [file]);
    expect(await rows(store, 'SELECT request_time_s, upstream_time_s FROM http_requests ORDER BY line_no')).toEqual([
      { request_time_s: 0.123, upstream_time_s: 0.12 },
      { request_time_s: 0.05, upstream_time_s: 0.049 },
      { request_time_s: 0.2, upstream_time_s: 0.15000000000000002 },
      { request_time_s: 0.3, upstream_time_s: null },
      { request_time_s: null, upstream_time_s: null },
    ]);
    expect(await rows(store, "SELECT strftime(ts, '%H:%M:%S') AS t FROM http_requests WHERE path = '/iso'")).toEqual([{ t: '07:00:01' }]);
  });

  it("reads nginx's and Apache's error logs into log lines: time, level, pid, message, the file's host", async () => {
    const dir = path.join(tempDir(), 'region=eu-west-1', 'host=web-9');
    mkdirSync(dir, { recursive: true });
    copyFileSync(path.join(FIXTURES, 'error.log'), path.join(dir, 'error.log'));
    const store = await memoryStore();
    const run = await ingest(store, [dir]);
    expect(run.files[0]).toMatchObject({ format: 'errorlog', lines: 9, rows: 8, rejects: 1 });
    const got = await rows(store, "SELECT strftime(ts, '%Y-%m-%d %H:%M:%S.%g') AS ts, region, host, service, level, pid, attrs::VARCHAR AS attrs FROM log_lines ORDER BY line_no");
    expect(got.map((r) => r['level'])).toEqual(['error', 'warn', 'info', 'fatal', 'info', 'error', 'error', 'trace']);
    expect(got[0]).toEqual({ ts: '2026-11-24 07:00:00.000', region: 'eu-west-1', host: 'web-9', service: 'nginx', level: 'error', pid: 1234, attrs: null });
    expect(got[6]).toEqual({ ts: '2026-11-24 07:00:00.123', region: 'eu-west-1', host: 'web-9', service: 'apache', level: 'error', pid: 12, attrs: '{"module":"proxy"}' });
    expect(await rows(store, 'SELECT line_no, reason FROM rejects')).toEqual([{ line_no: 9, reason: 'not a web server error-log line (nginx or Apache)' }]);
  });

  it('takes region, host and service from Hive-style path segments', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'logs', 'region=eu-west-3', 'service=shop', 'host=web-7');
    mkdirSync(target, { recursive: true });
    copyFileSync(path.join(FIXTURES, 'access-mixed.log'), path.join(target, 'access.log'));
    const store = await memoryStore();
    await ingest(store, [path.join(dir, 'logs')]);
    expect(await rows(store, 'SELECT DISTINCT region, host, service FROM http_requests')).toEqual([
      { region: 'eu-west-3', host: 'web-7', service: 'shop' },
    ]);
  });

  it('falls back to the inventory (by the path host), then --region, then unknown', async () => {
    const dir = tempDir();
    for (const host of ['web-4', 'web-8']) {
      mkdirSync(path.join(dir, `host=${host}`));
      copyFileSync(path.join(FIXTURES, 'access-mixed.log'), path.join(dir, `host=${host}`, 'access.log'));
    }
    const store = await memoryStore();
    await ingest(store, [dir], { inventory: path.join(FIXTURES, 'inventory.csv'), region: 'cli-region' });
    expect(await rows(store, 'SELECT host, region, count(*) AS n FROM http_requests GROUP BY ALL ORDER BY host')).toEqual([
      { host: 'web-4', region: 'sa-east-1', n: 6 },
      { host: 'web-8', region: 'cli-region', n: 6 },
    ]);

    const bare = await memoryStore();
    await ingest(bare, [path.join(FIXTURES, 'access-mixed.log')]);
    expect(await rows(bare, 'SELECT DISTINCT region, host FROM http_requests')).toEqual([{ region: 'unknown', host: 'unknown' }]);
  });
});

describe('access-log reader: the two ways of reading a line', () => {
  it('reads every line split at its quotes exactly as its one pattern does: sample, fixtures, variants and mutations', async () => {
    const lines: string[] = [];
    const read = (file: string): void => {
      const bytes = readFileSync(file);
      for (const l of (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8').split('\n')) if (l) lines.push(l);
    };
    for (const host of ['euc1-web-1', 'euc1-web-2']) {
      read(path.join(SAMPLE, 'region=eu-central-1', `host=${host}`, 'access.log'));
      read(path.join(SAMPLE, 'region=eu-central-1', `host=${host}`, 'access.log.1.gz'));
    }
    read(path.join(FIXTURES, 'access-mixed.log'));
    const seeds = [
      ...lines,
      '10.0.0.1 - - [24/Nov/2026:07:00:00 +0000] "GET / HTTP/1.1" 502 5 "-" "ua" rt=0.050 urt="0.049, 0.5"',
      '10.0.0.1 - - [2026-11-24T07:00:00+00:00] "GET / HTTP/1.1" 200 5 "-" "ua" 0.050 -',
      '10.0.0.1 - - [24/Nov/2026:07:00:00 +0000] "GET /a b c HTTP/1.1" 400 0 "-" "-" 0.000 -',
      '10.0.0.1 - - [24/Nov/2026:07:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "ua" "extra" 0.1',
      '10.0.0.1 - - [24/Nov/2026:07:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "ua" 0.1 0.2 : 0.3',
      'www.example.com:443 10.0.0.1 - - [24/Nov/2026:07:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"',
    ];
    // Mutations that move, add and remove the characters the split and the pattern turn on.
    const marks = ['"', '\\', ' ', '\t', '[', ']', '-', '0', 'A', '=', '\u000b', '""', '" "', '\\"'];
    lines.push(...mutatedLines(seeds, marks, 20_000, 20261202, 1), ...seeds.slice(-6));
    const input = "SELECT line_no, line, 1::BIGINT AS file_id, 'r' AS file_region, 'h' AS file_host, NULL::VARCHAR AS path_service FROM corpus";
    const { counts: both } = await parseTwoWays('access', lines, input, { from: 'CASE WHEN f_fast THEN', to: 'CASE WHEN false THEN' }, { parsed: 'reason IS NULL' });
    expect(both).toMatchObject({ lines: lines.length, differ: 0, differ_back: 0 });
    // Both ways were taken: the usual lines parse, the mutated ones are often rejected.
    expect(both['parsed']).toBeGreaterThan(lines.length / 4);
    expect(both['parsed']).toBeLessThan(lines.length);
  });
});
