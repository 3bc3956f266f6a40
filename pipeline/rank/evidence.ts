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
/** Where a fact starts to count and where it is certain. */
type Span = readonly [from: number, to: number];
/** 0 at the span's start, 1 at its end, linear between. */
const ramp = (x: number, [from, to]: Span): number => clamp((x - from) / (to - from));

/**
 * Every threshold the rules use, named once: a ramp's span (the value where the fact starts to
 * count, the value where it is certain), as ratios now/usual, shares (0..1), percentages or
 * counts. Chosen so that a single ordinary minute counts for nothing and a textbook case of the
 * cause is certain; the golden tests of `rankCauses` hold them.
 */
const SPAN = {
  /** Requests per minute now / usual. */
  requestRatio: [1.2, 2.2],
  /** Top 5 clients' share of requests: many ordinary clients below 15%, few above 40%. */
  top5Share: [0.15, 0.4],
  /** Top 5 clients' share, now less usual (an attack concentrates traffic). */
  top5Rise: [0.15, 0.5],
  /** p95 latency now / usual. */
  p95Ratio: [1.5, 4],
  /** 503 + 429 share of requests (load shedding). */
  shedShare: [0.01, 0.05],
  /** CPU busy, percentage points above usual. */
  cpuRise: [10, 35],
  /** CPU busy, percent. */
  cpuBusy: [50, 80],
  /** Packet loss, percentage points above usual. */
  lossRise: [1, 6],
  /** Round-trip time now / usual. */
  rttRatio: [1.3, 3],
  /** TCP retransmits per minute now / usual. */
  retransmitRatio: [2, 8],
  /** 504 share of requests. */
  timeoutShare: [0.005, 0.04],
  /** Requests' fall (1 − now/usual) while servers idle. */
  requestFall: [0.05, 0.3],
  /** Minutes from a change to the onset: within 5 certain, beyond 20 nothing. */
  changeMinutes: [5, 20],
  /** Lines of never-seen templates, share of the error lines. */
  newTemplateShare: [0.3, 0.8],
  /** One service/version's share of the error lines. */
  serviceShare: [0.5, 0.9],
  /** Error lines naming the database, share of all error lines. */
  databaseShare: [0.2, 0.7],
  /** Error lines naming the database, count. */
  databaseLines: [5, 30],
  /** Services failing on the database together. */
  databaseServices: [1, 3],
  /** 401/403 + 429 share of requests. */
  deniedShare: [0.05, 0.3],
  /** Failed logins per minute now / usual. */
  failedLoginRatio: [3, 10],
  /** Failed logins, count. */
  failedLogins: [10, 50],
  /** Rejected flows per minute now / usual. */
  rejectedFlowRatio: [2, 6],
  /** The busiest path's share of requests, now less usual. */
  pathShareRise: [0.2, 0.5],
} as const satisfies Record<string, Span>;

/**
 * A fact that is a symptom of several causes counts for its cause at most this much: latency
 * rises with any cause, shedding and timeouts can be the servers' own doing, idle servers are
 * only the absence of overload, a rollback says a change was bad but not that it caused this.
 */
const WEIGHT = { p95: 0.6, shed: 0.5, timeouts: 0.7, idle: 0.6, rollback: 0.8, pathHammered: 0.8 } as const;
/** New templates or concentrated errors without a change before them: weak signs of a deploy. */
const WITHOUT_CHANGE = { newTemplates: 0.3, concentrated: 0.2 } as const;
/** A change more than this many minutes after the onset did not cause it. */
const CHANGE_AFTER_ONSET_MINUTES = 3;
/** Retransmits per minute from which a series without a usual rate counts as ×10 (else ×1). */
const RETRANSMITS_NOTABLE = 100;
/** The busiest path's share must rise by this much for a changed busiest path to be stated. */
const PATH_SHARE_STATED = 0.2;
const n = (f: Features, k: string): number => Number(f[k] ?? 0) || 0;
const list = (x: unknown): string => (Array.isArray(x) ? x.join(', ') : '');

type KnownCause = Exclude<Cause, 'unknown'>;

/** The incident's features and the quantities several rules read, derived once. */
interface Facts {
  f: Features;
  /** How a window before the incident is named: "the hour before", or "the 20 min before". */
  hourBefore: string;
  /** A count per minute of the incident (now) or of the window before. */
  perMin(key: string, now: boolean): number;
  reqNow: number;
  reqBefore: number;
  reqRatio: number;
  top5Now: number;
  top5Before: number;
  cpuNow: number;
  cpuBefore: number;
  /** 0..1: CPU both far above usual and high. */
  cpuHigh: number;
  p95Now: number;
  p95Before: number;
}

/**
 * One fact a cause rests on: when it can be stated (the data exists), the number now and usual,
 * how strongly it supports the cause (0..1, mostly a `ramp` between the value where it starts to
 * count and the value where it is certain), and the sentence that states it.
 */
interface Rule {
  fact: string;
  when?: (x: Facts) => boolean;
  now: (x: Facts) => number | null;
  usual: (x: Facts) => number | null;
  strength: (x: Facts) => number;
  text: (x: Facts) => string;
}

const has = (key: string) => (x: Facts): boolean => x.f[key] !== null && x.f[key] !== undefined;
const ratio = (now: number, usual: number, otherwise: number): number => (usual ? now / usual : otherwise);

/** The rules of each cause (README: Causes), next to the facts they state. */
const RULES: Record<KnownCause, readonly Rule[]> = {
  // More work than capacity, from many ordinary clients.
  server_overload: [
    { fact: 'request_rate', now: (x) => x.reqNow, usual: (x) => x.reqBefore,
      strength: (x) => ramp(x.reqRatio, SPAN.requestRatio) * (1 - ramp(x.top5Now, SPAN.top5Share)),
      text: (x) => `requests ${int(x.reqNow)}/min vs ${int(x.reqBefore)}/min usual (×${x.reqRatio.toFixed(1)}), top 5 clients ${pct(x.top5Now)} of them (${pct(x.top5Before)} usual)` },
    { fact: 'cpu_busy', when: has('cpu_now'), now: (x) => x.cpuNow, usual: (x) => x.cpuBefore, strength: (x) => x.cpuHigh,
      text: (x) => `CPU busy ${x.cpuNow.toFixed(0)}% vs ${x.cpuBefore.toFixed(0)}% usual` },
    { fact: 'p95_latency', now: (x) => x.p95Now, usual: (x) => x.p95Before, strength: (x) => ramp(ratio(x.p95Now, x.p95Before, 1), SPAN.p95Ratio) * WEIGHT.p95,
      text: (x) => `p95 latency ${ms(x.p95Now)} vs ${ms(x.p95Before)} usual` },
    { fact: 'shed_503_429', when: (x) => n(x.f, 's503_now') + n(x.f, 's429_now') > 0,
      now: (x) => n(x.f, 's503_now') + n(x.f, 's429_now'), usual: (x) => n(x.f, 's429_before'),
      strength: (x) => ramp((n(x.f, 's503_now') + n(x.f, 's429_now')) / Math.max(n(x.f, 'req_now'), 1), SPAN.shedShare) * WEIGHT.shed,
      text: (x) => `${int(n(x.f, 's503_now'))} × 503 and ${int(n(x.f, 's429_now'))} × 429 (load shedding)` },
  ],
  // The path degrades while the servers are not busy.
  network_congestion: [
    { fact: 'packet_loss', when: has('loss_now'), now: (x) => n(x.f, 'loss_now'), usual: (x) => n(x.f, 'loss_before'),
      strength: (x) => ramp(n(x.f, 'loss_now') - n(x.f, 'loss_before'), SPAN.lossRise),
      text: (x) => `packet loss ${n(x.f, 'loss_now').toFixed(1)}% vs ${n(x.f, 'loss_before').toFixed(1)}% usual` },
    { fact: 'rtt', when: has('rtt_now'), now: (x) => n(x.f, 'rtt_now'), usual: (x) => n(x.f, 'rtt_before'),
      strength: (x) => ramp(ratio(n(x.f, 'rtt_now'), n(x.f, 'rtt_before'), 1), SPAN.rttRatio),
      text: (x) => `round-trip time ${n(x.f, 'rtt_now').toFixed(1)} ms vs ${n(x.f, 'rtt_before').toFixed(1)} ms usual` },
    { fact: 'retransmits', when: has('retrans_now'), now: (x) => x.perMin('retrans_now', true), usual: (x) => x.perMin('retrans_before', false),
      strength: (x) => {
        const now = x.perMin('retrans_now', true);
        return ramp(ratio(now, x.perMin('retrans_before', false), now > RETRANSMITS_NOTABLE ? 10 : 1), SPAN.retransmitRatio);
      },
      text: (x) => `TCP retransmits ${int(x.perMin('retrans_now', true))}/min vs ${int(x.perMin('retrans_before', false))}/min usual` },
    { fact: 'timeouts_504', now: (x) => n(x.f, 's504_now'), usual: (x) => n(x.f, 's504_before'),
      strength: (x) => ramp(n(x.f, 's504_now') / Math.max(n(x.f, 'req_now'), 1), SPAN.timeoutShare) * WEIGHT.timeouts,
      text: (x) => `${int(n(x.f, 's504_now'))} gateway timeouts (504) vs ${int(n(x.f, 's504_before'))} in ${x.hourBefore}` },
    { fact: 'servers_idle', when: (x) => has('cpu_now')(x) && x.reqRatio < 0.95, now: (x) => x.cpuNow, usual: (x) => x.cpuBefore,
      strength: (x) => (1 - x.cpuHigh) * ramp(1 - x.reqRatio, SPAN.requestFall) * WEIGHT.idle,
      text: (x) => `servers not busy (CPU ${x.cpuNow.toFixed(0)}%) while requests fell to ${int(x.reqNow)}/min from ${int(x.reqBefore)}/min` },
  ],
  // A change right before the onset, new errors, concentrated on its service and version.
  bad_deploy: [
    { fact: 'change_before_onset', when: (x) => Boolean(x.f['change_ts']), now: (x) => minutesBeforeOnset(x.f), usual: () => null,
      strength: (x) => (minutesBeforeOnset(x.f) < -CHANGE_AFTER_ONSET_MINUTES ? 0 : 1 - ramp(minutesBeforeOnset(x.f), SPAN.changeMinutes)),
      text: (x) => {
        const m = minutesBeforeOnset(x.f);
        const when = m < 0 ? `${Math.round(-m * 60)} s after the onset` : m < 1 ? `${Math.round(m * 60)} s before the onset` : `${m.toFixed(0)} min before the onset`;
        return `${x.f['change_kind']} of ${[x.f['change_service'] ?? '?', x.f['change_version']].filter(Boolean).join(' ')} at ${String(x.f['change_ts']).slice(11, 19)}, ${when}`;
      } },
    { fact: 'new_error_templates', when: (x) => n(x.f, 'new_templates') > 0, now: (x) => n(x.f, 'new_template_lines'), usual: () => 0,
      strength: (x) => ramp(n(x.f, 'new_template_lines') / Math.max(n(x.f, 'err_now'), 1), SPAN.newTemplateShare) * (x.f['change_ts'] ? 1 : WITHOUT_CHANGE.newTemplates),
      text: (x) => `${int(n(x.f, 'new_template_lines'))} error lines of ${int(n(x.f, 'new_templates'))} never-seen message kind(s), e.g. "${String(x.f['new_pattern']).slice(0, 120)}"` },
    { fact: 'errors_concentrated', when: (x) => n(x.f, 'err_now') >= 10, now: (x) => n(x.f, 'top_sv') / n(x.f, 'err_now'), usual: () => null,
      strength: (x) => {
        const matchesChange = x.f['change_service'] && String(x.f['sv']).startsWith(String(x.f['change_service']));
        return ramp(n(x.f, 'top_sv') / n(x.f, 'err_now'), SPAN.serviceShare) * (matchesChange ? 1 : WITHOUT_CHANGE.concentrated);
      },
      text: (x) => `${pct(n(x.f, 'top_sv') / n(x.f, 'err_now'))} of the error lines come from ${String(x.f['sv'])}` },
    { fact: 'rollback', when: (x) => Boolean(x.f['rollback_ts']), now: () => null, usual: () => null, strength: () => WEIGHT.rollback,
      text: (x) => `rollback of ${x.f['rollback_service']} to ${x.f['rollback_version']} at ${hhmm(String(x.f['rollback_ts']))}` },
  ],
  // Errors naming the database, several services at once.
  database_failure: [
    { fact: 'errors_name_database', when: (x) => n(x.f, 'err_now') > 0, now: (x) => n(x.f, 'db_err_now'), usual: (x) => n(x.f, 'db_err_before'),
      strength: (x) => ramp(n(x.f, 'db_err_now') / n(x.f, 'err_now'), SPAN.databaseShare) * ramp(n(x.f, 'db_err_now'), SPAN.databaseLines),
      text: (x) => `${int(n(x.f, 'db_err_now'))} error lines name the database${x.f['db_name'] ? ` (${x.f['db_name']})` : ''} (${int(n(x.f, 'db_err_before'))} in ${x.hourBefore}), ${pct(n(x.f, 'db_err_now') / n(x.f, 'err_now'))} of all errors` },
    { fact: 'services_failing_together', when: (x) => n(x.f, 'db_services_now') >= 2, now: (x) => n(x.f, 'db_services_now'), usual: () => null,
      strength: (x) => ramp(n(x.f, 'db_services_now'), SPAN.databaseServices),
      text: (x) => `${int(n(x.f, 'db_services_now'))} services fail together on it` },
  ],
  // Traffic from few sources, auth failures, rejected flows. Facts about requests only where
  // there are requests (a log-only region has none to state).
  security_attack: [
    { fact: 'few_sources', when: (x) => n(x.f, 'req_now') > 0, now: (x) => x.top5Now, usual: (x) => x.top5Before,
      strength: (x) => ramp(x.top5Now - x.top5Before, SPAN.top5Rise),
      text: (x) => `top 5 clients sent ${pct(x.top5Now)} of requests (${pct(x.top5Before)} usual): ${list((x.f['top5_ips'] as string[] | null)?.slice(0, 3))}` },
    { fact: 'denied_requests', when: (x) => n(x.f, 'req_now') > 0, now: (x) => n(x.f, 's401_now') + n(x.f, 's429_now'),
      usual: (x) => n(x.f, 's401_before') + n(x.f, 's429_before'),
      strength: (x) => ramp((n(x.f, 's401_now') + n(x.f, 's429_now')) / n(x.f, 'req_now'), SPAN.deniedShare),
      text: (x) => `${int(n(x.f, 's401_now'))} × 401/403 and ${int(n(x.f, 's429_now'))} × 429 (${int(n(x.f, 's401_before') + n(x.f, 's429_before'))} in ${x.hourBefore})` },
    { fact: 'failed_logins', now: (x) => x.perMin('auth_fail_now', true), usual: (x) => x.perMin('auth_fail_before', false),
      strength: (x) => {
        const now = x.perMin('auth_fail_now', true);
        return ramp(ratio(now, x.perMin('auth_fail_before', false), now), SPAN.failedLoginRatio) * ramp(n(x.f, 'auth_fail_now'), SPAN.failedLogins);
      },
      text: (x) => {
        const f = x.f;
        const users = n(f, 'auth_user_count') ? `; ${int(n(f, 'auth_user_count'))} user names tried, most: ${list(f['auth_top_users'])}` : '';
        return `${int(n(f, 'auth_fail_now'))} failed logins (${x.perMin('auth_fail_now', true).toFixed(1)}/min vs ${x.perMin('auth_fail_before', false).toFixed(1)}/min usual) from ${int(n(f, 'auth_sources'))} ${n(f, 'auth_sources') === 1 ? 'source' : 'sources'}, ${pct(n(f, 'all_auth') ? n(f, 'top5_auth') / n(f, 'all_auth') : 0)} from the top 5: ${list(f['auth_top_sources'])}${users}`;
      } },
    // Only where there are flow logs with rejects to speak of.
    { fact: 'rejected_flows', when: (x) => x.perMin('rejected_now', true) + x.perMin('rejected_before', false) > 0,
      now: (x) => x.perMin('rejected_now', true), usual: (x) => x.perMin('rejected_before', false),
      strength: (x) => {
        const now = x.perMin('rejected_now', true);
        return ramp(ratio(now, x.perMin('rejected_before', false), now), SPAN.rejectedFlowRatio);
      },
      text: (x) => `${int(n(x.f, 'rejected_now'))} rejected flows (${x.perMin('rejected_now', true).toFixed(1)}/min vs ${x.perMin('rejected_before', false).toFixed(1)}/min usual)` },
    { fact: 'one_path_hammered', when: (x) => x.f['top_path'] !== x.f['top_path_before'] || pathShare(x, true) - pathShare(x, false) > PATH_SHARE_STATED,
      now: (x) => pathShare(x, true), usual: (x) => pathShare(x, false),
      strength: (x) => ramp(pathShare(x, true) - pathShare(x, false), SPAN.pathShareRise) * WEIGHT.pathHammered,
      text: (x) => `${x.f['top_path']} took ${pct(pathShare(x, true))} of requests (the busiest path took ${pct(pathShare(x, false))} usual)` },
  ],
};

/** Minutes from the last change to the onset (negative: after it). */
function minutesBeforeOnset(f: Features): number {
  return (Date.parse(String(f['start'])) - Date.parse(String(f['change_ts']))) / 60_000;
}

/** The busiest path's share of requests, now or in the window before. */
function pathShare(x: Facts, now: boolean): number {
  const requests = n(x.f, now ? 'req_now' : 'req_before');
  return requests ? n(x.f, now ? 'top_path_now' : 'top_path_before_n') / requests : 0;
}

/**
 * Evidence for every cause of the README's Causes and Detection, each fact a number now against usual (the hour
 * before the incident), per minute where a count is compared across windows of different length:
 * every rule of RULES whose data exists, in the order of the table.
 */
export function gatherEvidence(f: Features, minutesNow: number, minutesBefore: number): Evidence[] {
  const perMin = (k: string, now: boolean): number => n(f, k) / Math.max(now ? minutesNow : minutesBefore, 1);
  const reqNow = perMin('req_now', true);
  const reqBefore = perMin('req_before', false);
  const cpuNow = n(f, 'cpu_now');
  const cpuBefore = n(f, 'cpu_before');
  const x: Facts = {
    f,
    hourBefore: minutesBefore >= 59.5 ? 'the hour before' : `the ${Math.round(minutesBefore)} min before`,
    perMin,
    reqNow,
    reqBefore,
    reqRatio: reqBefore ? reqNow / reqBefore : reqNow ? 10 : 1,
    top5Now: n(f, 'req_now') ? n(f, 'top5_now') / n(f, 'req_now') : 0,
    top5Before: n(f, 'req_before') ? n(f, 'top5_before') / n(f, 'req_before') : 0,
    cpuNow,
    cpuBefore,
    cpuHigh: f['cpu_now'] === null ? 0 : ramp(cpuNow - cpuBefore, SPAN.cpuRise) * ramp(cpuNow, SPAN.cpuBusy),
    p95Now: n(f, 'p95_now'),
    p95Before: n(f, 'p95_before'),
  };
  return (Object.entries(RULES) as [KnownCause, readonly Rule[]][]).flatMap(([cause, rules]) =>
    rules
      .filter((r) => !r.when || r.when(x))
      .map((r) => ({ cause, fact: r.fact, now: r.now(x), usual: r.usual(x), strength: clamp(r.strength(x)), text: r.text(x) })),
  );
}
