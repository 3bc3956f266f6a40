import { describe, expect, it } from 'vitest';
import { listValue } from '../../pipeline/duckdb.js';
import { openStore, rows, sampleDb } from '../helpers.js';
import { rankCauses } from '../../pipeline/rank/ranker.js';
import type { Evidence } from '../../pipeline/rank/evidence.js';

const int = (x: number): string => Math.round(x).toLocaleString('en-US');

/**
 * Each fact the ranker states, recomputed here from the raw tables by SQL of its own:
 * (regions, now window, hour before) → [now, usual].
 */
const CHECKS: Record<string, { sql: string; text: (now: number, usual: number) => string[] }> = {
  request_rate: {
    sql: `SELECT count(*) FILTER (WHERE ts >= $start) / $minutes AS now, count(*) FILTER (WHERE ts < $start) / $minutes_before AS usual
          FROM http_requests WHERE list_contains($regions, region) AND ts >= $before AND ts < $end`,
    text: (now, usual) => [`requests ${int(now)}/min vs ${int(usual)}/min`],
  },
  cpu_busy: {
    sql: `SELECT avg(m) FILTER (WHERE b >= $start) AS now, avg(m) FILTER (WHERE b < $start) AS usual FROM (
            SELECT region, time_bucket(INTERVAL 1 MINUTE, ts) AS b, avg(100 - value) AS m FROM metric_samples
            WHERE measurement = 'cpu' AND field = 'usage_idle' AND list_contains($regions, region) AND ts >= $before AND ts < $end GROUP BY ALL)`,
    text: (now, usual) => [`CPU busy ${now.toFixed(0)}% vs ${usual.toFixed(0)}%`],
  },
  packet_loss: {
    sql: `SELECT avg(m) FILTER (WHERE b >= $start) AS now, avg(m) FILTER (WHERE b < $start) AS usual FROM (
            SELECT region, time_bucket(INTERVAL 1 MINUTE, ts) AS b, avg(value) AS m FROM metric_samples
            WHERE measurement = 'ping' AND field = 'percent_packet_loss' AND list_contains($regions, region) AND ts >= $before AND ts < $end GROUP BY ALL)`,
    text: (now, usual) => [`packet loss ${now.toFixed(1)}% vs ${usual.toFixed(1)}%`],
  },
  rtt: {
    sql: `SELECT avg(m) FILTER (WHERE b >= $start) AS now, avg(m) FILTER (WHERE b < $start) AS usual FROM (
            SELECT region, time_bucket(INTERVAL 1 MINUTE, ts) AS b, avg(value) AS m FROM metric_samples
            WHERE measurement = 'ping' AND field = 'average_response_ms' AND list_contains($regions, region) AND ts >= $before AND ts < $end GROUP BY ALL)`,
    text: (now, usual) => [`round-trip time ${now.toFixed(1)} ms vs ${usual.toFixed(1)} ms`],
  },
  errors_name_database: {
    sql: `SELECT count(*) FILTER (WHERE ts >= $start) AS now, count(*) FILTER (WHERE ts < $start) AS usual FROM log_lines
          WHERE list_contains($regions, region) AND ts >= $before AND ts < $end AND level IN ('error', 'fatal')
            AND (message ILIKE '%database%' OR message ILIKE '%pool%' OR message ILIKE '%db-%' OR message ILIKE '%query%')`,
    text: (now, usual) => [`${int(now)} error lines name the database`, `(${int(usual)} in the `],
  },
  few_sources: {
    sql: `SELECT (SELECT sum(n) FROM (SELECT count(*) AS n FROM http_requests WHERE list_contains($regions, region) AND ts >= $start AND ts < $end
                                    GROUP BY client_ip ORDER BY n DESC LIMIT 5))
               / (SELECT count(*) FROM http_requests WHERE list_contains($regions, region) AND ts >= $start AND ts < $end) AS now,
                 0 AS usual`,
    text: (now) => [`top 5 clients sent ${(100 * now).toFixed(now < 0.1 ? 1 : 0)}% of requests`],
  },
  failed_logins: {
    sql: `SELECT count(*) FILTER (WHERE ts >= $start) / $minutes AS now, count(*) FILTER (WHERE ts < $start) / $minutes_before AS usual FROM auth_events
          WHERE list_contains($regions, region) AND outcome <> 'success' AND ts >= $before AND ts < $end`,
    text: (now, usual) => [`(${now.toFixed(1)}/min vs ${usual.toFixed(1)}/min usual)`],
  },
  denied_requests: {
    sql: `SELECT count(*) FILTER (WHERE ts >= $start) AS now, count(*) FILTER (WHERE ts < $start) AS usual FROM http_requests
          WHERE list_contains($regions, region) AND ts >= $before AND ts < $end AND status IN (401, 403, 429)`,
    text: (_now, usual) => [`(${int(usual)} in the `],
  },
  timeouts_504: {
    sql: `SELECT count(*) FILTER (WHERE ts >= $start) AS now, count(*) FILTER (WHERE ts < $start) AS usual FROM http_requests
          WHERE list_contains($regions, region) AND ts >= $before AND ts < $end AND status = 504`,
    text: (now, usual) => [`${int(now)} gateway timeouts (504) vs ${int(usual)} in the `],
  },
};

describe('ranker evidence', () => {
  it('states only facts that SQL of its own finds in the data', async () => {
    const store = await openStore(sampleDb());
    const shown = await rows(
      store,
      `SELECT e.incident_id, e.fact, e.now, e.usual, e.text, i.regions,
              strftime(i.start_ts, '%Y-%m-%dT%H:%M:%SZ') AS start, strftime(i.end_ts, '%Y-%m-%dT%H:%M:%SZ') AS "end"
       FROM incident_evidence e JOIN incidents i ON i.id = e.incident_id
       JOIN incident_causes c ON c.incident_id = e.incident_id AND c.cause = e.cause AND list_contains(c.evidence, e.text)`,
    );
    let checked = 0;
    for (const e of shown) {
      const check = CHECKS[e['fact'] as string];
      if (!check) continue;
      const start = e['start'] as string;
      const [truth] = await store.main.all(check.sql, {
        regions: listValue(e['regions'] as string[]),
        start,
        end: e['end'] as string,
        before: new Date(Date.parse(start) - 3_600_000).toISOString(),
        minutes: (Date.parse(e['end'] as string) - Date.parse(start)) / 60_000,
        // The data begins at 07:00: the "hour before" of an earlier incident is shorter.
        minutes_before: Math.min(60, (Date.parse(start) - Date.parse('2026-11-24T07:00:00Z')) / 60_000),
      });
      const now = Number(truth!['now']);
      const usual = Number(truth!['usual']);
      expect(e['now'] as number, `${e['incident_id']} ${e['fact']}`).toBeCloseTo(now, 6);
      if (e['fact'] !== 'few_sources') expect(e['usual'] as number, `${e['incident_id']} ${e['fact']}`).toBeCloseTo(usual, 6);
      for (const part of check.text(now, usual)) expect(e['text'], `${e['incident_id']} ${e['fact']}`).toContain(part);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(12);
  });

  it('names the change, the new error and the drill-down of the bad deploy', async () => {
    const store = await openStore(sampleDb());
    const [deploy] = await rows(store, `SELECT id, summary FROM incidents WHERE strftime(start_ts, '%H:%M') = '07:40'`);
    const [change] = await rows(store, `SELECT strftime(max(ts), '%H:%M:%S') AS at, any_value(version) AS v FROM changes WHERE kind = 'deploy' AND region = 'eu-central-1' AND ts < '2026-11-24T07:40:00Z'`);
    expect(deploy!['summary']).toContain(`deploy of checkout ${change!['v']} at ${change!['at']}`);
    expect(deploy!['summary']).toContain('TypeError: Cannot read properties of undefined');
    expect(deploy!['summary']).toContain('Next: roll back checkout 2.14.0');
    const drill = await rows(store, `SELECT dimension, value, share_during FROM incident_drilldown WHERE incident_id = $id AND dimension = 'version'`, { id: deploy!['id'] as string });
    expect(drill[0]).toMatchObject({ value: '2.14.0' });
    // 2.14.0's share of the error lines, counted here.
    const [share] = await rows(
      store,
      `SELECT count(*) FILTER (WHERE version = '2.14.0') / count(*) AS s FROM log_lines
       WHERE region = 'eu-central-1' AND level = 'error' AND source = 'jsonl' AND ts >= '2026-11-24T07:40:00Z' AND ts < '2026-11-24T07:55:00Z'`,
    );
    expect(drill[0]!['share_during']).toBeCloseTo(share!['s'] as number, 9);
  });

  it('rankCauses: golden values — strongest facts 0.6/0.3/0.1, unknown takes the rest, ties by name', () => {
    const fact = (cause: Evidence['cause'], strength: number): Evidence => ({ cause, fact: `f${strength}`, now: null, usual: null, strength, text: '' });
    const ranked = rankCauses([fact('bad_deploy', 1), fact('bad_deploy', 0.5), fact('bad_deploy', 0.2), fact('bad_deploy', 0.1), fact('server_overload', 0.4)]);
    // bad_deploy 0.6 + 0.15 + 0.02 = 0.77, server_overload 0.24; total 0.77 + 0.24 + 0.3 = 1.31.
    expect(ranked.map((c) => [c.cause, c.score])).toEqual([
      ['bad_deploy', 0.588],
      ['server_overload', 0.183],
      ['unknown', 0.229],
      ['database_failure', 0],
      ['network_congestion', 0],
      ['security_attack', 0],
    ].sort((a, b) => (b[1] as number) - (a[1] as number) || String(a[0]).localeCompare(String(b[0]))));
    expect(ranked[0]!.evidence.map((e) => e.strength)).toEqual([1, 0.5, 0.2, 0.1]);
    // No evidence at all: unknown is certain.
    expect(rankCauses([])[0]).toEqual({ cause: 'unknown', score: 1, evidence: [] });
  });
});
