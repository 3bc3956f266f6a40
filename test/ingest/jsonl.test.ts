import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { sqlFile } from '../../pipeline/db.js';
import { MAPPABLE } from '../../pipeline/ingest/formats/jsonl.js';
import { FIXTURES, SAMPLE, cli, memoryStore, mutatedLines, parseTwoWays, rows, tempDir } from '../helpers.js';

describe('jsonl reader', () => {
  it('reads every time key and encoding, the region rules, and keeps unknown keys in attrs', async () => {
    const store = await memoryStore();
    const result = await ingest(store, [path.join(FIXTURES, 'app.jsonl')], {
      inventory: path.join(FIXTURES, 'inventory.csv'),
    });
    expect(result.files[0]).toMatchObject({ status: 'loaded', format: 'jsonl', lines: 10, rows: 6, rejects: 4 });
    const got = await rows(
      store,
      `SELECT line_no, strftime(ts, '%Y-%m-%dT%H:%M:%S.%g') AS ts, region, host, service, level, message, status,
              latency_ms, event, version, attrs::VARCHAR AS attrs
       FROM log_lines ORDER BY line_no`,
    );
    expect(got).toEqual([
      {
        line_no: 1, ts: '2026-11-24T10:00:01.250', region: 'eu-central-1', host: 'web-3', service: 'checkout',
        level: 'error', message: 'could not connect to database db-1: timeout', status: 500, latency_ms: 30012,
        event: null, version: null, attrs: '{"trace_id":"abc","user":{"id":7}}',
      },
      // epoch seconds; WARNING folded to warn; region from the inventory (web-4); duration_ms as latency.
      {
        line_no: 2, ts: '2026-11-24T10:00:00.000', region: 'sa-east-1', host: 'web-4', service: null, level: 'warn',
        message: 'slow query', status: null, latency_ms: 812.5, event: null, version: null, attrs: null,
      },
      // epoch milliseconds; nested cloud.region; ECS-style host object.
      expect.objectContaining({ line_no: 3, ts: '2026-11-24T10:00:00.123', region: 'us-east-1', host: 'web-5', attrs: '{"cloud":{"region":"us-east-1"}}' }),
      // an offset is honoured; flat "cloud.region" key.
      expect.objectContaining({ line_no: 4, ts: '2026-11-24T10:00:00.000', region: 'ap-southeast-1', host: 'unknown' }),
      expect.objectContaining({ line_no: 5, event: 'deploy', version: '2.14.0' }),
      expect.objectContaining({ line_no: 10, event: 'rollback', region: 'unknown' }),
    ]);
    expect(await rows(store, 'SELECT line_no, reason FROM rejects ORDER BY line_no')).toEqual([
      { line_no: 6, reason: 'no time: none of ts, time, timestamp, @timestamp' },
      { line_no: 7, reason: 'unreadable time "yesterday"' },
      { line_no: 8, reason: 'not a JSON object' },
      { line_no: 9, reason: 'not a JSON object' },
    ]);
  });

  it('puts change events in changes as well', async () => {
    const store = await memoryStore();
    await ingest(store, [path.join(FIXTURES, 'app.jsonl')]);
    expect(
      await rows(store, `SELECT strftime(ts, '%H:%M') AS at, region, host, service, kind, version, line_no FROM changes ORDER BY ts`),
    ).toEqual([
      { at: '10:05', region: 'eu-central-1', host: 'web-3', service: 'checkout', kind: 'deploy', version: '2.14.0', line_no: 5 },
      { at: '10:06', region: 'unknown', host: 'unknown', service: 'checkout', kind: 'rollback', version: '2.13.2', line_no: 10 },
    ]);
  });

  it('tells a JSON log by the start of its first line, however long that line is', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    const huge = JSON.stringify({ ts: '2026-11-24T08:00:00Z', level: 'info', msg: 'x'.repeat(6_000_000) });
    writeFileSync(file, [huge, JSON.stringify({ ts: '2026-11-24T08:00:01Z', level: 'error', msg: 'db timeout' })].join('\n') + '\n');
    const store = await memoryStore();
    const result = await ingest(store, [file]);
    expect(result.files[0]).toMatchObject({ status: 'loaded', format: 'jsonl', lines: 2, rows: 2, rejects: 0 });
    expect(await rows(store, 'SELECT length(message) AS n FROM log_lines ORDER BY line_no')).toEqual([{ n: 6_000_000 }, { n: 10 }]);
  });

  it("reads journald's JSON export as syslog is read: time in µs, PRIORITY, host, unit, logins", async () => {
    const store = await memoryStore();
    const result = await ingest(store, [path.join(FIXTURES, 'journal.json')]);
    expect(result.files[0]).toMatchObject({ status: 'loaded', format: 'jsonl', lines: 4, rows: 4, rejects: 0 });
    expect(
      await rows(store, `SELECT strftime(ts, '%Y-%m-%dT%H:%M:%S.%f') AS ts, host, service, level, pid, message FROM log_lines ORDER BY line_no`),
    ).toEqual([
      { ts: '2025-12-01T10:00:01.123456', host: 'web-7', service: 'systemd', level: 'info', pid: 1, message: 'Started Daily apt download activities.' },
      { ts: '2025-12-01T10:00:02.000001', host: 'web-7', service: 'checkout', level: 'error', pid: 2211, message: 'could not connect to database db-1: timeout' },
      { ts: '2025-12-01T10:00:03.500000', host: 'web-7', service: 'sshd', level: 'info', pid: 30412, message: 'Failed password for invalid user admin from 203.0.113.9 port 52814 ssh2' },
      { ts: '2025-12-01T10:00:04.000000', host: 'web-7', service: 'kernel', level: 'warn', pid: null, message: 'TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.' },
    ]);
    // The same login signal as from syslog.
    expect(await rows(store, 'SELECT outcome, user_name, source_ip, host FROM auth_events')).toEqual([
      { outcome: 'failure', user_name: 'admin', source_ip: '203.0.113.9', host: 'web-7' },
    ]);
    // journald's own keys are columns now, not attrs.
    const [attrs] = await rows(store, 'SELECT attrs::VARCHAR AS a FROM log_lines WHERE line_no = 2');
    expect(attrs!['a']).not.toMatch(/MESSAGE|PRIORITY|_HOSTNAME|__REALTIME_TIMESTAMP/);
  });

  it("reads Docker's json-file logs: the inner JSON record, or the inner line with its level and an access line's status", async () => {
    const store = await memoryStore();
    const result = await ingest(store, [path.join(FIXTURES, 'docker-json.log')], { region: 'r-cli' });
    expect(result.files[0]).toMatchObject({ status: 'loaded', format: 'jsonl', lines: 5, rows: 5, rejects: 0 });
    expect(await rows(store, `SELECT strftime(ts, '%H:%M:%S') AS at, service, level, status, latency_ms, message FROM log_lines ORDER BY line_no`)).toEqual([
      { at: '10:00:01', service: 'payments', level: 'error', status: null, latency_ms: null, message: 'payment provider returned 502' },
      { at: '10:00:02', service: null, level: 'error', status: 503, latency_ms: null, message: '10.0.0.7 - - [01/Dec/2026:10:00:02 +0000] "GET /api/cart HTTP/1.1" 503 0 "-" "curl/8.5.0"' },
      { at: '10:00:03', service: null, level: 'error', status: null, latency_ms: null, message: 'panic: runtime error: invalid memory address or nil pointer dereference' },
      { at: '10:00:04', service: null, level: 'info', status: null, latency_ms: null, message: 'listening on :8080' },
      // the inner record's own time wins over the time Docker wrote it
      { at: '09:59:59', service: null, level: 'warn', status: null, latency_ms: 812, message: 'slow query' },
    ]);
    // The access line is a request as well, with its log line's file and line number.
    expect(await rows(store, `SELECT strftime(ts, '%H:%M:%S') AS at, client_ip, method, path, status, line_no FROM http_requests`)).toEqual([
      { at: '10:00:02', client_ip: '10.0.0.7', method: 'GET', path: '/api/cart', status: 503, line_no: 2 },
    ]);
    expect(
      await rows(store, 'SELECT h.region, h.host, l.region = h.region AND l.host = h.host AND l.service IS NOT DISTINCT FROM h.service AS same FROM http_requests h JOIN log_lines l USING (file_id, line_no)'),
    ).toEqual([{ region: 'r-cli', host: 'unknown', same: true }]);
  });

  it('reads the level, service and host under the key names other loggers use (ECS, Cloud Logging, pino)', async () => {
    const file = path.join(tempDir(), 'app.log');
    const records = [
      { '@timestamp': '2026-11-24T07:00:00Z', 'log.level': 'ERROR', 'service.name': 'api', 'host.name': 'h1', message: 'ecs' },
      { timestamp: '2026-11-24T07:00:01Z', severity: 'WARNING', message: 'cloud logging' },
      { time: 1764000002000, level: 50, hostname: 'web-7', pid: 12, msg: 'pino error' },
      { time: 1764000003000, level: 30, msg: 'pino info' },
      { ts: '2026-11-24T07:00:04Z', lvl: 'debug', service: { name: 'nested' }, host: { name: 'h2' }, msg: 'objects' },
      { ts: '2026-11-24T07:00:05Z', level: 3, msg: 'a syslog severity' },
    ];
    writeFileSync(file, records.map((r) => JSON.stringify(r) + '\n').join(''));
    const store = await memoryStore();
    await ingest(store, [file]);
    expect(await rows(store, 'SELECT level, service, host, attrs::VARCHAR AS attrs FROM log_lines ORDER BY line_no')).toEqual([
      { level: 'error', service: 'api', host: 'h1', attrs: null },
      { level: 'warn', service: null, host: 'unknown', attrs: null },
      { level: 'error', service: null, host: 'web-7', attrs: '{"pid":12}' },
      { level: 'info', service: null, host: 'unknown', attrs: null },
      { level: 'debug', service: 'nested', host: 'h2', attrs: null },
      { level: 'error', service: null, host: 'unknown', attrs: null },
    ]);
  });

  it('takes a field map for JSON logs with other key names (--map)', async () => {
    const file = path.join(FIXTURES, 'mapped.jsonl');
    const plain = await memoryStore();
    expect((await ingest(plain, [file])).files[0]).toMatchObject({ rows: 0, rejects: 2 });
    const store = await memoryStore();
    const result = await ingest(store, [file], { fieldMap: { ts: '@t', level: 'severity', msg: 'message.text', service: 'svc' } });
    expect(result.files[0]).toMatchObject({ rows: 2, rejects: 0 });
    expect(await rows(store, `SELECT strftime(ts, '%H:%M:%S') AS at, service, level, message FROM log_lines ORDER BY line_no`)).toEqual([
      { at: '10:00:00', service: 'edge', level: 'error', message: 'upstream reset' },
      { at: '10:00:01', service: 'edge', level: 'info', message: 'ok' },
    ]);
    // From the command line: --map field=key,...; an unknown field is a usage error.
    const db = path.join(tempDir(), 'f.duckdb');
    const run = cli(['ingest', file, '--db', db, '--map', 'ts=@t,level=severity', '--map', 'msg=message.text', '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    const bad = cli(['ingest', file, '--db', db, '--map', 'colour=red']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('no field "colour"');
  });
});

describe('jsonl reader: one bad line is a reject, never a failed file', () => {
  it('a malformed Docker line, a host that only starts with a brace, a line not JSON under --map', async () => {
    const dir = tempDir();
    const docker = path.join(dir, 'docker.log');
    writeFileSync(docker, '{"log":"x","time":01}\n{"log":"ok\\n","stream":"stdout","time":"2026-12-01T10:00:00Z"}\n');
    const brace = path.join(dir, 'brace.jsonl');
    writeFileSync(brace, '{"ts":"2026-12-01T10:00:00Z","level":"info","msg":"ok","host":"{web-1","service":{"name":"api"}}\n');
    const mapped = path.join(dir, 'mapped.jsonl');
    writeFileSync(mapped, '{"ts":"2026-12-01T10:00:00Z","sev":"warn"}\n{bad\n');
    const store = await memoryStore();
    expect((await ingest(store, [docker], { format: 'jsonl' })).files[0]).toMatchObject({ status: 'loaded', lines: 2, rows: 1, rejects: 1 });
    expect((await ingest(store, [brace], { format: 'jsonl' })).files[0]).toMatchObject({ status: 'loaded', lines: 1, rows: 1, rejects: 0 });
    expect((await ingest(store, [mapped], { format: 'jsonl', fieldMap: { level: 'sev' } })).files[0]).toMatchObject({ status: 'loaded', lines: 2, rows: 1, rejects: 1 });
    expect(await rows(store, 'SELECT line_no, reason FROM rejects ORDER BY file_id')).toEqual([
      { line_no: 1, reason: 'not a JSON object' },
      { line_no: 2, reason: 'not a JSON object' },
    ]);
    expect(await rows(store, 'SELECT host, service, level FROM log_lines ORDER BY file_id')).toEqual([
      { host: 'unknown', service: null, level: 'info' },
      { host: '{web-1', service: 'api', level: 'info' },
      { host: 'unknown', service: null, level: 'warn' },
    ]);
  });
});

describe('jsonl reader: the keys patched out of attrs', () => {
  it('gives every line the attrs the patch of all known keys gives: sample, fixtures, variants and mutations', async () => {
    const lines: string[] = [];
    for (const file of [
      ...readdirSync(path.join(SAMPLE, 'app')).map((f) => path.join(SAMPLE, 'app', f)),
      ...['app.jsonl', 'docker-json.log', 'journal.json', 'mapped.jsonl'].map((f) => path.join(FIXTURES, f)),
    ]) {
      for (const l of readFileSync(file, 'utf8').split('\n')) if (l) lines.push(l);
    }
    const seeds = [
      ...lines.slice(0, 200),
      ...lines.slice(-20),
      '{"ts":"2026-11-24T10:00:00Z","level":"info","msg":"ok","trace_id":"t1","user":{"id":7,"level":"gold"}}',
      '{"time":"2026-11-24T10:00:00Z","level":30,"hostname":"h1","pid":12,"msg":"pino"}',
      '{"@timestamp":"2026-11-24T10:00:00Z","log.level":"warn","message":"ecs","service.name":"api","host.name":"h2"}',
      '{"timestamp":"2026-11-24T10:00:00Z","severity":"ERROR","message":"gcp","labels":{"a":"b"}}',
      '{"ts":"2026-11-24T10:00:00Z","level":"info","msg":"nulls","severity":null,"event":null,"extra":null}',
      '{"ts":"2026-11-24T10:00:00Z","level":"info","msg":"deploy","event":"deploy","version":"v2","duration_ms":5}',
      '{"ts":"2026-11-24T10:00:00Z","level":"info","msg":"journald key names outside journald","MESSAGE":"m","_PID":"7"}',
      '{"ts":"2026-11-24T10:00:00Z","level":"info","msg":"escaped","sev\\u0065rity":"warn","\\u0074ime":"x"}',
      '{"ts":"2026-11-24T10:00:00Z","lvl":"debug","msg":"x","cloud.region":"eu-west-1","cloud":{"region":"eu-west-1"}}',
    ];
    // Mutations that add, drop and rename the keys and values the choice of patch turns on.
    const marks = ['"', ':', ',', 'null', '"severity":', '"time":', '"event":', '"_PID":', '\\u0074', '{', '}', ' ', 'x'];
    lines.push(...mutatedLines(seeds, marks, 20_000, 20261203, 0), ...seeds.slice(-9));
    const input = 'SELECT line_no, line, 1::BIGINT AS file_id, NULL::VARCHAR AS path_region, NULL::VARCHAR AS path_host, NULL::VARCHAR AS path_service FROM corpus';
    const params = Object.fromEntries(['cli_region', ...MAPPABLE.map((k) => `map_${k}`)].map((k) => [k, null]));
    const { store, counts } = await parseTwoWays(
      'jsonl', lines, input, { from: 'WHEN jd IS NULL AND j.time IS NULL', to: 'WHEN false AND j.time IS NULL' }, { with_attrs: 'attrs IS NOT NULL' }, params,
    );
    expect(counts).toMatchObject({ lines: lines.length, differ: 0, differ_back: 0 });
    expect(counts['with_attrs']).toBeGreaterThan(lines.length / 10);
    // Outside journald's export its key names are other keys; a known key's JSON null is not kept.
    const got = await store.main.all(
      `SELECT line_no, attrs::VARCHAR AS attrs FROM (WITH input AS (${input}) ${sqlFile('ingest/parse/jsonl')}) WHERE line_no > $n ORDER BY line_no`,
      { ...params, n: lines.length - 9 },
    );
    expect(got.map((r) => r['attrs'])).toEqual([
      '{"trace_id":"t1","user":{"id":7,"level":"gold"}}',
      '{"pid":12}',
      null,
      '{"labels":{"a":"b"}}',
      '{"extra":null}',
      null,
      '{"MESSAGE":"m","_PID":"7"}',
      null,
      '{"cloud":{"region":"eu-west-1"}}',
    ]);
  });
});
