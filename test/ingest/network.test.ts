import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '../../pipeline/duckdb.js';
import { Store } from '../../pipeline/db.js';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { FIXTURES, memoryStore, rows, tempDir } from '../helpers.js';

describe('influx reader', () => {
  it('stores one sample per numeric field with tags, escapes and region rules; comments are ignored', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'telegraf.influx');
    copyFileSync(path.join(FIXTURES, 'telegraf.influx'), file);
    utimesSync(file, new Date('2026-11-24T10:30:00Z'), new Date('2026-11-24T10:30:00Z'));
    const store = await memoryStore();
    const run = await ingest(store, [file], { inventory: path.join(FIXTURES, 'inventory.csv') });
    expect(run.files[0]).toMatchObject({ format: 'influx', lines: 10, rows: 14, rejects: 3, ignored: 1 });

    const samples = await rows(
      store,
      `SELECT line_no, strftime(ts, '%Y-%m-%dT%H:%M:%S') AS ts, region, host, measurement, field, value
       FROM metric_samples ORDER BY line_no, field`,
    );
    expect(samples.filter((s) => s['line_no'] === 3).map((s) => [s['field'], s['value']])).toEqual([
      ['usage_idle', 72.5], ['usage_system', 7.25], ['usage_user', 20.25],
    ]);
    expect(samples.find((s) => s['field'] === 'total')).toMatchObject({ value: 8e9, region: 'eu-central-1', host: 'web-3', ts: '2026-11-24T10:00:00' });
    expect(samples.find((s) => s['field'] === 'up')).toMatchObject({ value: 1 });
    // No region tag: the inventory places web-4.
    expect(samples.find((s) => s['field'] === 'drop_in')).toMatchObject({ region: 'sa-east-1', host: 'web-4', ts: '2026-11-24T10:00:10' });
    // Escaped space, comma and equals sign; the string field is not stored.
    expect(samples.filter((s) => s['line_no'] === 7)).toEqual([
      expect.objectContaining({ host: 'web 5', measurement: 'disk', field: 'used percent', value: 61.5 }),
    ]);
    const [tags] = await rows(store, `SELECT tags['path'] AS path, tags['fs=type'] AS fs FROM metric_samples WHERE line_no = 7`);
    expect(tags).toEqual({ path: '/var/lib,data', fs: 'ext4' });
    // No timestamp: the file's time.
    expect(samples.find((s) => s['field'] === 'seconds')).toMatchObject({ ts: '2026-11-24T10:30:00', value: 12 });

    expect(await rows(store, 'SELECT line_no, reason FROM rejects ORDER BY line_no')).toEqual([
      { line_no: 8, reason: 'no numeric field (string fields are not stored)' },
      { line_no: 9, reason: expect.stringContaining('not InfluxDB line protocol') },
      { line_no: 10, reason: 'bad field value in: usage_idle=abc' },
    ]);
  });

  it('names the signals the detectors use', async () => {
    const store = await memoryStore();
    await ingest(store, [path.join(FIXTURES, 'telegraf.influx')]);
    expect(await rows(store, `SELECT signal, kind, value FROM v_signals ORDER BY signal`)).toEqual([
      { signal: 'cpu_busy_pct', kind: 'gauge', value: 27.5 },
      { signal: 'loss_pct', kind: 'gauge', value: 0 },
      { signal: 'mem_used_pct', kind: 'gauge', value: 48.5 },
      { signal: 'net_drops', kind: 'counter', value: 10 },
      { signal: 'net_errors', kind: 'counter', value: 0 },
      { signal: 'rtt_ms', kind: 'gauge', value: 12.5 },
    ]);
  });
});

describe('vpcflow reader', () => {
  it('reads v2 records with the header ignored, keeps NODATA/SKIPDATA, takes the region from the path', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'region=us-west-2'));
    copyFileSync(path.join(FIXTURES, 'flows.log'), path.join(dir, 'region=us-west-2', 'flows.log'));
    const store = await memoryStore();
    const run = await ingest(store, [dir]);
    expect(run.files[0]).toMatchObject({ format: 'vpcflow', lines: 7, rows: 4, rejects: 2, ignored: 1 });
    expect(
      await rows(store, `SELECT line_no, region, strftime(start_ts, '%H:%M') AS start, srcaddr, dstport, packets, action, log_status FROM flows ORDER BY line_no`),
    ).toEqual([
      { line_no: 2, region: 'us-west-2', start: '10:00', srcaddr: '10.0.1.5', dstport: 49152, packets: 20, action: 'ACCEPT', log_status: 'OK' },
      { line_no: 3, region: 'us-west-2', start: '10:00', srcaddr: '198.51.100.23', dstport: 22, packets: 1, action: 'REJECT', log_status: 'OK' },
      { line_no: 4, region: 'us-west-2', start: '10:01', srcaddr: null, dstport: null, packets: null, action: null, log_status: 'NODATA' },
      { line_no: 5, region: 'us-west-2', start: '10:02', srcaddr: null, dstport: null, packets: null, action: null, log_status: 'SKIPDATA' },
    ]);
    expect(await rows(store, 'SELECT line_no, reason FROM rejects ORDER BY line_no')).toEqual([
      { line_no: 6, reason: 'expected the 14 fields of a VPC flow log version 2 record, got 13' },
      { line_no: 7, reason: 'unreadable start/end "soon" "later"' },
    ]);
  });
});

describe('flows from an older database', () => {
  it('moves a flows table with host and region in every record to flow_records and flow_origins', async () => {
    const db = path.join(tempDir(), 'old.duckdb');
    const instance = await DuckDBInstance.create(db);
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE flows AS
      SELECT TIMESTAMPTZ '2026-11-24 10:00:00+00' AS start_ts, TIMESTAMPTZ '2026-11-24 10:01:00+00' AS end_ts,
             'eu-west-1' AS region, 'web-9' AS host, 2 AS version, '123456789012' AS account_id, 'eni-1' AS interface_id,
             '10.0.0.' || range AS srcaddr, '10.0.1.1' AS dstaddr, 443 AS srcport, 50000 AS dstport, 6 AS protocol,
             10::BIGINT AS packets, 840::BIGINT AS bytes, 'ACCEPT' AS action, 'OK' AS log_status, 7::BIGINT AS file_id,
             range + 1 AS line_no
      FROM range(3)`);
    connection.closeSync();
    instance.closeSync();
    const store = await Store.open(db);
    expect(await rows(store, 'SELECT count(*) AS n, any_value(region) AS region, any_value(host) AS host FROM flows')).toEqual([
      { n: 3, region: 'eu-west-1', host: 'web-9' },
    ]);
    expect(await rows(store, 'SELECT file_id, region, host FROM flow_origins')).toEqual([{ file_id: 7, region: 'eu-west-1', host: 'web-9' }]);
    expect(await rows(store, "SELECT table_type AS t FROM information_schema.tables WHERE table_name = 'flows'")).toEqual([{ t: 'VIEW' }]);
    store.close();
  });
});

describe('region rules without a region in the record', () => {
  it('places syslog hosts and a flow log under a host= directory by the inventory, else --region', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'host=web-9'));
    copyFileSync(path.join(FIXTURES, 'flows.log'), path.join(dir, 'host=web-9', 'flows.log'));
    copyFileSync(path.join(FIXTURES, 'syslog-5424.log'), path.join(dir, 'syslog-5424.log'));
    const store = await memoryStore();
    await ingest(store, [dir], { inventory: path.join(FIXTURES, 'inventory.csv'), region: 'cli-region' });
    expect(await rows(store, 'SELECT DISTINCT host, region FROM flows')).toEqual([{ host: 'web-9', region: 'eu-west-1' }]);
    expect(await rows(store, 'SELECT DISTINCT host, region FROM log_lines ORDER BY host')).toEqual([
      { host: 'web-3', region: 'cli-region' },
      { host: 'web-4', region: 'sa-east-1' },
    ]);
  });
});

describe('syslog reader', () => {
  it('dates RFC 3164 lines by --year, rolling December over into January, and finds sshd logins', async () => {
    const store = await memoryStore();
    const run = await ingest(store, [path.join(FIXTURES, 'syslog-3164.log')], { year: 2025, region: 'edge' });
    expect(run.files[0]).toMatchObject({ format: 'syslog', lines: 9, rows: 7, rejects: 2 });
    const lines = await rows(store, `SELECT line_no, strftime(ts, '%Y-%m-%d %H:%M:%S') AS ts, host, service, pid, level, region FROM log_lines ORDER BY line_no`);
    expect(lines[0]).toEqual({ line_no: 1, ts: '2025-12-31 23:59:58', host: 'gw-1', service: 'sshd', pid: 812, level: 'error', region: 'edge' }); // no PRI: the keyword rule ("Failed")
    expect(lines[2]).toMatchObject({ ts: '2026-01-01 00:00:01' });
    expect(lines[4]).toMatchObject({ service: 'kernel', level: 'warn' });
    expect(
      await rows(store, `SELECT line_no, outcome, method, user_name, source_ip, port FROM auth_events ORDER BY line_no`),
    ).toEqual([
      { line_no: 1, outcome: 'failure', method: 'password', user_name: 'root', source_ip: '198.51.100.4', port: 52211 },
      { line_no: 2, outcome: 'failure', method: 'password', user_name: 'admin', source_ip: '198.51.100.4', port: 52212 },
      { line_no: 3, outcome: 'success', method: 'publickey', user_name: 'deploy', source_ip: '10.0.0.7', port: 40022 },
      { line_no: 4, outcome: 'invalid_user', method: null, user_name: 'oracle', source_ip: '203.0.113.9', port: 41000 },
    ]);
    expect(await rows(store, 'SELECT line_no, reason FROM rejects ORDER BY line_no')).toEqual([
      { line_no: 8, reason: 'unreadable time "Jxx 1 00:00:06"' },
      { line_no: 9, reason: 'unreadable time "Jan 1 25:61:99"' },
    ]);
  });

  it('without --year, dates lines by the file mtime: a December line in a January file is last year', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'messages');
    copyFileSync(path.join(FIXTURES, 'syslog-3164.log'), file);
    utimesSync(file, new Date('2027-01-01T00:10:00Z'), new Date('2027-01-01T00:10:00Z'));
    const store = await memoryStore();
    await ingest(store, [file]);
    expect(await rows(store, `SELECT DISTINCT year(ts) AS y, month(ts) AS m FROM log_lines ORDER BY 1`)).toEqual([
      { y: 2026, m: 12 },
      { y: 2027, m: 1 },
    ]);
  });

  it('reads RFC 5424 with its structured data, offsets and nil values', async () => {
    const store = await memoryStore();
    const run = await ingest(store, [path.join(FIXTURES, 'syslog-5424.log')]);
    expect(run.files[0]).toMatchObject({ format: 'syslog', rows: 3, rejects: 1 });
    expect(
      await rows(store, `SELECT line_no, strftime(ts, '%H:%M:%S.%g') AS ts, host, service, pid, level, message, attrs::VARCHAR AS attrs FROM log_lines ORDER BY line_no`),
    ).toEqual([
      { line_no: 1, ts: '10:00:01.003', host: 'web-3', service: 'sshd', pid: 812, level: 'fatal', message: 'Failed password for root from 198.51.100.4 port 52211 ssh2', attrs: '{"msgid":"ID47","structured_data":null}' },
      { line_no: 2, ts: '10:00:02.500', host: 'web-3', service: 'app', pid: 1234, level: 'info', message: 'an application event', attrs: '{"msgid":"ID48","structured_data":"[exampleSDID@32473 iut=\\"3\\" eventSource=\\"Application\\"][meta x=\\"1\\"]"}' },
      { line_no: 3, ts: '10:00:03.000', host: 'web-4', service: null, pid: null, level: 'info', message: 'no app, no pid', attrs: null },
    ]);
    expect(await rows(store, `SELECT count(*) AS n FROM auth_events`)).toEqual([{ n: 1 }]);
  });

  it("reads rsyslog's high-precision file format: an RFC 3339 time with its zone and year, no year guessed", async () => {
    const file = path.join(tempDir(), 'syslog');
    writeFileSync(file, [
      '2024-11-24T07:00:00.123456+00:00 web-1 sshd[123]: Failed password for root from 198.51.100.9 port 22 ssh2',
      '2024-11-24T08:00:01+01:00 web-1 kernel: Out of memory: Killed process 99 (java)',
      '2024-11-24T07:00:02Z web-2 CRON[77]: (root) CMD (run-parts /etc/cron.hourly)',
    ].join('\n') + '\n');
    const store = await memoryStore();
    const run = await ingest(store, [file]);
    expect(run.files[0]).toMatchObject({ format: 'syslog', rows: 3, rejects: 0 });
    expect(run.files[0]!.message).toBeUndefined();
    expect(await rows(store, `SELECT strftime(ts, '%Y-%m-%d %H:%M:%S.%g') AS ts, host, service, pid, level FROM log_lines ORDER BY line_no`)).toEqual([
      { ts: '2024-11-24 07:00:00.123', host: 'web-1', service: 'sshd', pid: 123, level: 'error' },
      { ts: '2024-11-24 07:00:01.000', host: 'web-1', service: 'kernel', pid: null, level: 'error' },
      { ts: '2024-11-24 07:00:02.000', host: 'web-2', service: 'CRON', pid: 77, level: 'info' },
    ]);
    expect(await rows(store, `SELECT outcome, user_name, source_ip FROM auth_events`)).toEqual([{ outcome: 'failure', user_name: 'root', source_ip: '198.51.100.9' }]);
  });
});
