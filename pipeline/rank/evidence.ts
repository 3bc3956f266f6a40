import type { Cause } from '../types.js';
import { hhmm, int, ms, pct } from '../format.js';

/** The measured facts of one incident (queries/rank/features.sql), now against the hour before. */
export type Features = Record<string, number | string | string[] | null>;

/** One fact for or against a cause: a number now against its usual value, and the sentence. */
export interface Evidence {
  cause: Exclude<Cause, 'unknown'>;
  fact: string;
  now: number | null;
  usual: number | null;
  /** 0..1: how strongly this fact supports the cause. */
  strength: number;
  text: string;
}

const clamp = (x: number): number => Math.max(0, Math.min(1, Number.isFinite(x) ? x : 0));
/** 0 at `from`, 1 at `to`, linear between. */
const ramp = (x: number, from: number, to: number): number => clamp((x - from) / (to - from));
const n = (f: Features, k: string): number => Number(f[k] ?? 0) || 0;
const list = (x: unknown): string => (Array.isArray(x) ? x.join(', ') : '');

/**
 * Evidence for every cause of the README's Causes and Detection, each fact a number now against usual (the hour
 * before the incident), per minute where a count is compared across windows of different length.
 */
export function gatherEvidence(f: Features, minutesNow: number, minutesBefore: number): Evidence[] {
  const hourBefore = minutesBefore >= 59.5 ? 'the hour before' : `the ${Math.round(minutesBefore)} min before`;
  const perMin = (k: string, now: boolean): number => n(f, k) / Math.max(now ? minutesNow : minutesBefore, 1);
  const out: Evidence[] = [];
  const add = (e: Evidence): void => void out.push({ ...e, strength: clamp(e.strength) });

  const reqNow = perMin('req_now', true);
  const reqBefore = perMin('req_before', false);
  const reqRatio = reqBefore ? reqNow / reqBefore : reqNow ? 10 : 1;
  const top5Now = n(f, 'req_now') ? n(f, 'top5_now') / n(f, 'req_now') : 0;
  const top5Before = n(f, 'req_before') ? n(f, 'top5_before') / n(f, 'req_before') : 0;
  const cpuNow = n(f, 'cpu_now');
  const cpuBefore = n(f, 'cpu_before');
  const p95Now = n(f, 'p95_now');
  const p95Before = n(f, 'p95_before');
  const cpuHigh = f['cpu_now'] === null ? 0 : ramp(cpuNow - cpuBefore, 10, 35) * ramp(cpuNow, 50, 80);

  // server_overload: more work than capacity, from many ordinary clients.
  add({
    cause: 'server_overload', fact: 'request_rate', now: reqNow, usual: reqBefore,
    strength: ramp(reqRatio, 1.2, 2.2) * (1 - ramp(top5Now, 0.15, 0.4)),
    text: `requests ${int(reqNow)}/min vs ${int(reqBefore)}/min usual (×${reqRatio.toFixed(1)}), top 5 clients ${pct(top5Now)} of them (${pct(top5Before)} usual)`,
  });
  if (f['cpu_now'] !== null) {
    add({ cause: 'server_overload', fact: 'cpu_busy', now: cpuNow, usual: cpuBefore, strength: cpuHigh,
      text: `CPU busy ${cpuNow.toFixed(0)}% vs ${cpuBefore.toFixed(0)}% usual` });
  }
  add({ cause: 'server_overload', fact: 'p95_latency', now: p95Now, usual: p95Before, strength: ramp(p95Before ? p95Now / p95Before : 1, 1.5, 4) * 0.6,
    text: `p95 latency ${ms(p95Now)} vs ${ms(p95Before)} usual` });
  const shed = n(f, 's503_now') + n(f, 's429_now');
  if (shed > 0) {
    add({ cause: 'server_overload', fact: 'shed_503_429', now: shed, usual: n(f, 's429_before'), strength: ramp(shed / Math.max(n(f, 'req_now'), 1), 0.01, 0.05) * 0.5,
      text: `${int(n(f, 's503_now'))} × 503 and ${int(n(f, 's429_now'))} × 429 (load shedding)` });
  }

  // network_congestion: the path degrades while the servers are not busy.
  const lossNow = n(f, 'loss_now');
  const lossBefore = n(f, 'loss_before');
  const rttNow = n(f, 'rtt_now');
  const rttBefore = n(f, 'rtt_before');
  const retransNow = perMin('retrans_now', true);
  const retransBefore = perMin('retrans_before', false);
  if (f['loss_now'] !== null) {
    add({ cause: 'network_congestion', fact: 'packet_loss', now: lossNow, usual: lossBefore, strength: ramp(lossNow - lossBefore, 1, 6),
      text: `packet loss ${lossNow.toFixed(1)}% vs ${lossBefore.toFixed(1)}% usual` });
  }
  if (f['rtt_now'] !== null) {
    add({ cause: 'network_congestion', fact: 'rtt', now: rttNow, usual: rttBefore, strength: ramp(rttBefore ? rttNow / rttBefore : 1, 1.3, 3),
      text: `round-trip time ${rttNow.toFixed(1)} ms vs ${rttBefore.toFixed(1)} ms usual` });
  }
  if (f['retrans_now'] !== null) {
    add({ cause: 'network_congestion', fact: 'retransmits', now: retransNow, usual: retransBefore,
      strength: ramp(retransBefore ? retransNow / retransBefore : retransNow > 100 ? 10 : 1, 2, 8),
      text: `TCP retransmits ${int(retransNow)}/min vs ${int(retransBefore)}/min usual` });
  }
  add({ cause: 'network_congestion', fact: 'timeouts_504', now: n(f, 's504_now'), usual: n(f, 's504_before'),
    strength: ramp(n(f, 's504_now') / Math.max(n(f, 'req_now'), 1), 0.005, 0.04) * 0.7,
    text: `${int(n(f, 's504_now'))} gateway timeouts (504) vs ${int(n(f, 's504_before'))} in ${hourBefore}` });
  if (f['cpu_now'] !== null && reqRatio < 0.95) {
    add({ cause: 'network_congestion', fact: 'servers_idle', now: cpuNow, usual: cpuBefore, strength: (1 - cpuHigh) * ramp(1 - reqRatio, 0.05, 0.3) * 0.6,
      text: `servers not busy (CPU ${cpuNow.toFixed(0)}%) while requests fell to ${int(reqNow)}/min from ${int(reqBefore)}/min` });
  }

  // bad_deploy: a change right before the onset, new errors, concentrated on its service/version.
  if (f['change_ts']) {
    const minutesBeforeOnset = (Date.parse(String(f['start'])) - Date.parse(String(f['change_ts']))) / 60_000;
    add({ cause: 'bad_deploy', fact: 'change_before_onset', now: minutesBeforeOnset, usual: null,
      strength: minutesBeforeOnset < -3 ? 0 : 1 - ramp(minutesBeforeOnset, 5, 20),
      text: `${f['change_kind']} of ${[f['change_service'] ?? '?', f['change_version']].filter(Boolean).join(' ')} at ${String(f['change_ts']).slice(11, 19)}, ` +
        (minutesBeforeOnset < 0 ? `${Math.round(-minutesBeforeOnset * 60)} s after the onset` : minutesBeforeOnset < 1 ? `${Math.round(minutesBeforeOnset * 60)} s before the onset` : `${minutesBeforeOnset.toFixed(0)} min before the onset`) });
  }
  if (n(f, 'new_templates') > 0) {
    add({ cause: 'bad_deploy', fact: 'new_error_templates', now: n(f, 'new_template_lines'), usual: 0,
      strength: ramp(n(f, 'new_template_lines') / Math.max(n(f, 'err_now'), 1), 0.3, 0.8) * (f['change_ts'] ? 1 : 0.3),
      text: `${int(n(f, 'new_template_lines'))} error lines of ${int(n(f, 'new_templates'))} never-seen message kind(s), e.g. "${String(f['new_pattern']).slice(0, 120)}"` });
  }
  if (n(f, 'err_now') >= 10) {
    const share = n(f, 'top_sv') / n(f, 'err_now');
    const sv = String(f['sv']);
    const matchesChange = f['change_service'] && sv.startsWith(String(f['change_service']));
    add({ cause: 'bad_deploy', fact: 'errors_concentrated', now: share, usual: null,
      strength: ramp(share, 0.5, 0.9) * (matchesChange ? 1 : 0.2),
      text: `${pct(share)} of the error lines come from ${sv}` });
  }
  if (f['rollback_ts']) {
    add({ cause: 'bad_deploy', fact: 'rollback', now: null, usual: null, strength: 0.8,
      text: `rollback of ${f['rollback_service']} to ${f['rollback_version']} at ${hhmm(String(f['rollback_ts']))}` });
  }

  // database_failure: errors naming the database, several services at once.
  if (n(f, 'err_now') > 0) {
    const dbShare = n(f, 'db_err_now') / n(f, 'err_now');
    add({ cause: 'database_failure', fact: 'errors_name_database', now: n(f, 'db_err_now'), usual: n(f, 'db_err_before'),
      strength: ramp(dbShare, 0.2, 0.7) * ramp(n(f, 'db_err_now'), 5, 30),
      text: `${int(n(f, 'db_err_now'))} error lines name the database${f['db_name'] ? ` (${f['db_name']})` : ''} (${int(n(f, 'db_err_before'))} in ${hourBefore}), ${pct(dbShare)} of all errors` });
  }
  if (n(f, 'db_services_now') >= 2) {
    add({ cause: 'database_failure', fact: 'services_failing_together', now: n(f, 'db_services_now'), usual: null,
      strength: ramp(n(f, 'db_services_now'), 1, 3),
      text: `${int(n(f, 'db_services_now'))} services fail together on it` });
  }

  // security_attack: traffic from few sources, auth failures, rejected flows.
  // Facts about requests only where there are requests (a log-only region has none to state).
  if (n(f, 'req_now') > 0) {
    add({ cause: 'security_attack', fact: 'few_sources', now: top5Now, usual: top5Before, strength: ramp(top5Now - top5Before, 0.15, 0.5),
      text: `top 5 clients sent ${pct(top5Now)} of requests (${pct(top5Before)} usual): ${list((f['top5_ips'] as string[] | null)?.slice(0, 3))}` });
    const authHttp = n(f, 's401_now') + n(f, 's429_now');
    add({ cause: 'security_attack', fact: 'denied_requests', now: authHttp, usual: n(f, 's401_before') + n(f, 's429_before'),
      strength: ramp(authHttp / n(f, 'req_now'), 0.05, 0.3),
      text: `${int(n(f, 's401_now'))} × 401/403 and ${int(n(f, 's429_now'))} × 429 (${int(n(f, 's401_before') + n(f, 's429_before'))} in ${hourBefore})` });
  }
  const failNow = perMin('auth_fail_now', true);
  const failBefore = perMin('auth_fail_before', false);
  add({ cause: 'security_attack', fact: 'failed_logins', now: failNow, usual: failBefore,
    strength: ramp(failBefore ? failNow / failBefore : failNow, 3, 10) * ramp(n(f, 'auth_fail_now'), 10, 50),
    text: `${int(n(f, 'auth_fail_now'))} failed logins (${failNow.toFixed(1)}/min vs ${failBefore.toFixed(1)}/min usual) from ${int(n(f, 'auth_sources'))} ${n(f, 'auth_sources') === 1 ? 'source' : 'sources'}, ${pct(n(f, 'all_auth') ? n(f, 'top5_auth') / n(f, 'all_auth') : 0)} from the top 5: ${list(f['auth_top_sources'])}` +
      (n(f, 'auth_user_count') ? `; ${int(n(f, 'auth_user_count'))} user names tried, most: ${list(f['auth_top_users'])}` : '') });
  const rejNow = perMin('rejected_now', true);
  const rejBefore = perMin('rejected_before', false);
  // Only where there are flow logs with rejects to speak of.
  if (rejNow + rejBefore > 0) add({ cause: 'security_attack', fact: 'rejected_flows', now: rejNow, usual: rejBefore,
    strength: ramp(rejBefore ? rejNow / rejBefore : rejNow, 2, 6),
    text: `${int(n(f, 'rejected_now'))} rejected flows (${rejNow.toFixed(1)}/min vs ${rejBefore.toFixed(1)}/min usual)` });
  const pathShare = n(f, 'req_now') ? n(f, 'top_path_now') / n(f, 'req_now') : 0;
  const pathBefore = n(f, 'req_before') ? n(f, 'top_path_before_n') / n(f, 'req_before') : 0;
  if (f['top_path'] !== f['top_path_before'] || pathShare - pathBefore > 0.2) {
    add({ cause: 'security_attack', fact: 'one_path_hammered', now: pathShare, usual: pathBefore, strength: ramp(pathShare - pathBefore, 0.2, 0.5) * 0.8,
      text: `${f['top_path']} took ${pct(pathShare)} of requests (the busiest path took ${pct(pathBefore)} usual)` });
  }
  return out;
}
