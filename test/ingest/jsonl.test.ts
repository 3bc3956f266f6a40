import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { FIXTURES, memoryStore, rows } from '../helpers.js';

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
});
