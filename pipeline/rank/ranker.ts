import { listValue } from '../duckdb.js';
import type { Row, Store } from '../db.js';
import type { Cause } from '../types.js';
import { int } from '../format.js';
import { gatherEvidence, type Evidence, type Features } from './evidence.js';

/** A cause with its likelihood and the evidence shown for it. */
export interface RankedCause {
  cause: Cause;
  score: number;
  evidence: Evidence[];
}

type KnownCause = Exclude<Cause, 'unknown'>;
const CAUSES: readonly KnownCause[] = ['server_overload', 'network_congestion', 'bad_deploy', 'database_failure', 'security_attack'];

/** Weight of "nothing above" in the normalisation: with weak evidence everywhere, unknown wins. */
const UNKNOWN_WEIGHT = 0.3;

/** The signal that moving first points at a cause (the others are symptoms of any cause). */
const FIRST_MOVER: Record<string, KnownCause> = {
  cpu_busy_pct: 'server_overload',
  loss_pct: 'network_congestion',
  rtt_ms: 'network_congestion',
  tcp_retransmits: 'network_congestion',
};
const SIGNAL_NAMES: Record<string, string> = {
  cpu_busy_pct: 'CPU busy', loss_pct: 'packet loss', rtt_ms: 'round-trip time', tcp_retransmits: 'TCP retransmits',
  p95_ms: 'p95 latency', s5xx: '5xx share', error_lines: 'error log lines', s504: '504s', s429: '429s',
};

/**
 * Scores in 0..1 that read as likelihoods: each cause's strength is its strongest facts
 * (0.6 × first + 0.3 × second + 0.1 × third), then all are divided by their sum plus the weight
 * of `unknown`, which takes the rest. Sorted, highest first, each with its 2–5 strongest facts.
 */
export function rankCauses(evidence: readonly Evidence[]): RankedCause[] {
  const raw = new Map<KnownCause, number>();
  for (const cause of CAUSES) {
    const s = evidence.filter((e) => e.cause === cause).map((e) => e.strength).sort((a, b) => b - a);
    raw.set(cause, 0.6 * (s[0] ?? 0) + 0.3 * (s[1] ?? 0) + 0.1 * (s[2] ?? 0));
  }
  const total = [...raw.values()].reduce((a, b) => a + b, 0) + UNKNOWN_WEIGHT;
  const ranked: RankedCause[] = CAUSES.map((cause) => ({
    cause,
    score: Math.round((raw.get(cause)! / total) * 1000) / 1000,
    evidence: evidence
      .filter((e) => e.cause === cause)
      .sort((a, b) => b.strength - a.strength)
      .slice(0, 5),
  }));
  const unknown = Math.max(0, Math.round((1 - ranked.reduce((a, c) => a + c.score, 0)) * 1000) / 1000);
  ranked.push({ cause: 'unknown', score: unknown, evidence: [] });
  return ranked.sort((a, b) => b.score - a.score || a.cause.localeCompare(b.cause));
}

const NEXT_STEP: Record<Cause, (f: Features) => string> = {
  server_overload: () => 'add capacity or shed load, and check what drove the traffic up',
  network_congestion: () => 'check the network path and the provider, not the servers',
  bad_deploy: (f) => (f['change_service'] ? `roll back ${f['change_service']} ${f['change_version'] ?? ''}`.trim() : 'roll back the last change') + ' and compare its new errors',
  database_failure: (f) => `check ${f['db_name'] ?? 'the database'}: connections, pool sizes, slow queries`,
  security_attack: (f) => `block or rate-limit ${(f['top5_ips'] as string[] | null)?.slice(0, 3).join(', ') ?? 'the top sources'}`,
  unknown: () => 'look at the drill-down and the new error messages',
};

const CAUSE_WORDS: Record<Cause, string> = {
  server_overload: 'server overload',
  network_congestion: 'network congestion',
  bad_deploy: 'a bad deploy',
  database_failure: 'a database failure',
  security_attack: 'a security attack',
  unknown: 'unknown',
};

/**
 * Rank the causes of every incident: gather its facts (SQL), its drill-down and which signals
 * moved first; write incident_evidence, incident_drilldown, incident_causes and the summary.
 */
export async function rankIncidents(store: Store): Promise<{ incidents: number; seconds: number }> {
  const started = performance.now();
  const db = store.main;
  const incidents = await db.all(
    "SELECT id, regions, fl_iso(start_ts) AS start, fl_iso(end_ts) AS \"end\", symptoms, requests, failed_requests, missing_requests FROM incidents ORDER BY start_ts",
  );
  await db.transaction(async () => {
    await db.run('DELETE FROM incident_causes');
    await db.run('DELETE FROM incident_evidence');
    await db.run('DELETE FROM incident_drilldown');
    const rows: { causes: object[]; evidence: object[]; drilldown: object[] } = { causes: [], evidence: [], drilldown: [] };
    for (const incident of incidents) {
      const start = incident['start'] as string;
      const end = incident['end'] as string;
      const params = {
        regions: listValue(incident['regions'] as string[]),
        start,
        end,
        before: new Date(Date.parse(start) - 3_600_000).toISOString(),
      };
      const [features] = await db.allFile('rank/features', params);
      const f: Features = { ...(features as Features), start };
      const minutesNow = (Date.parse(end) - Date.parse(start)) / 60_000;
      const evidence = gatherEvidence(f, minutesNow, Math.max(1, Number(f['minutes_before'] ?? 60)));
      evidence.push(...precedence(await db.allFile('rank/precedence', params)));
      const ranked = rankCauses(evidence);
      const drilldown = await db.allFile('rank/drilldown', params);
      const id = incident['id'] as string;
      ranked.forEach((c, rank) => rows.causes.push({ incident_id: id, rank: rank + 1, cause: c.cause, score: c.score, evidence: c.evidence.map((e) => e.text) }));
      for (const e of evidence) rows.evidence.push({ incident_id: id, cause: e.cause, fact: e.fact, now: e.now, usual: e.usual, strength: e.strength, text: e.text });
      for (const d of drilldown) rows.drilldown.push({ incident_id: id, ...d });
      await db.run('UPDATE incidents SET summary = $summary WHERE id = $id', { id, summary: summary(incident, f, ranked, drilldown) });
    }
    await db.runFile('rank/insert-ranking', {
      causes: JSON.stringify(rows.causes),
      evidence: JSON.stringify(rows.evidence),
      drilldown: JSON.stringify(rows.drilldown),
    });
  });
  return { incidents: incidents.length, seconds: (performance.now() - started) / 1000 };
}

/** "loss moved first (09:15), 1 min before p95 latency": evidence for the cause its first mover points at. */
function precedence(firsts: Row[]): Evidence[] {
  if (firsts.length < 2) return [];
  const first = firsts[0]!;
  const cause = FIRST_MOVER[first['signal'] as string];
  const later = firsts.find((r) => r['first_at'] !== first['first_at']);
  if (!cause || !later) return [];
  const lead = (Date.parse(later['first_at'] as string) - Date.parse(first['first_at'] as string)) / 60_000;
  const name = (s: unknown): string => SIGNAL_NAMES[s as string] ?? String(s);
  return [{
    cause, fact: 'moved_first', now: lead, usual: null, strength: Math.min(1, 0.4 + 0.2 * lead),
    text: `${name(first['signal'])} moved first (${(first['first_at'] as string).slice(11, 16)}), ${lead.toFixed(0)} min before ${name(later['signal'])}`,
  }];
}

/** Where, since when, how bad, the likely cause and why, what to look at next. */
function summary(incident: Row, f: Features, ranked: RankedCause[], drilldown: Row[]): string {
  const regions = (incident['regions'] as string[]).join(', ');
  const start = (incident['start'] as string).slice(11, 16);
  const end = (incident['end'] as string).slice(11, 16);
  const minutes = Math.round((Date.parse(incident['end'] as string) - Date.parse(incident['start'] as string)) / 60_000);
  const requests = Number(incident['requests']);
  const failed = Number(incident['failed_requests']);
  const missing = Number(incident['missing_requests']);
  const top = ranked[0]!;
  // A region known only from its logs has no request figures to state.
  const how = !requests && !missing
    ? 'no request data'
    : `${int(failed)} of ${int(requests)} requests failed (${requests ? ((100 * failed) / requests).toFixed(1) : '0'}%)` +
      (missing > 0 ? `, ~${int(missing)} expected requests never came` : '');
  const why = top.evidence.slice(0, 2).map((e) => e.text).join('; ');
  // The status code of the failures says little; the service, version, path or source says where.
  const d = drilldown.find((x) => x['dimension'] !== 'status');
  const where = d
    ? ` ${(100 * Number(d['share_during'])).toFixed(0)}% of the failures come from ${d['dimension']}=${d['value']} (${(100 * Number(d['share_before'])).toFixed(0)}% before).`
    : '';
  const cause =
    top.cause === 'unknown'
      ? 'The cause is unclear from the evidence.'
      : `Most likely ${CAUSE_WORDS[top.cause]} (${(100 * top.score).toFixed(0)}%): ${why}.`;
  return `${regions}: ${(incident['symptoms'] as string[]).join(' + ')} from ${start} to ${end} UTC (${minutes} min); ${how}. ${cause}${where} Next: ${NEXT_STEP[top.cause](f)}.`;
}
