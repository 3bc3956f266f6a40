/**
 * The traffic of one region, second by second: requests to its web hosts (access logs), the
 * application's JSON log lines (errors, slow requests, change events) and what each injected
 * incident does to them.
 */
import { accessLine, jsonLine } from '../log-lines.js';
import type { Files } from './files.js';
import { ATTACKERS, clientPool, DB_HOST, hostsOf, PATHS, REGIONS, USER_AGENTS, VERSIONS, type Active, type Event, type Region } from './model.js';
import { gaussian, pick, poisson, weighted } from './random.js';
import type { IncidentSpec, WorldOptions } from './scenarios.js';

/** Simulate one region's requests and application log into `files` (uses `random` in a fixed order: same seed, same bytes). */
export function simulateTraffic(files: Files, region: Region, options: WorldOptions, random: () => number, active: Active): void {
  const t0 = options.start.getTime();
  const seconds = Math.round(options.hours * 3600);
  const hosts = hostsOf(region);
  const clients = clientPool(region, 1500);
  const surgeClients = clientPool({ ...region, name: 'surge' }, 4000).map((ip) => ip.replace(/^\d+\./, '110.'));
  const appEvents: Event[] = [];
  const accessByHost = new Map<string, Event[]>(hosts.map((h) => [h, []]));
  const versions = { ...VERSIONS };
  const rollbackDone = new Set<IncidentSpec>();

  appEvents.push(...changeEvents(region, hosts, options));

  for (let s = 0; s < seconds; s++) {
    const ms = t0 + s * 1000;
    const hourOfDay = new Date(ms).getUTCHours() + new Date(ms).getUTCMinutes() / 60;
    const diurnal = 1 + 0.35 * Math.sin(((hourOfDay - 9) / 24) * 2 * Math.PI);
    let rate = region.rate * options.scale * diurnal;
    const overload = active(region.name, 'server_overload', ms);
    const congestion = active(region.name, 'network_congestion', ms);
    const attack = active(region.name, 'security_attack', ms);
    const dbFail = active(region.name, 'database_failure', ms);
    const deploy = active(region.name, 'bad_deploy', ms);
    if (overload) rate *= 1 + 2 * overload.magnitude;
    for (const b of options.bumps) if (b.region === region.name && ms >= t0 + b.startMin * 60_000 && ms < t0 + b.endMin * 60_000) rate *= b.factor;
    if (congestion) rate *= 1 - 0.3 * congestion.magnitude;

    // Rollback at the end of a bad deploy.
    for (const incident of options.incidents) {
      if (incident.region === region.name && incident.cause === 'bad_deploy' && !rollbackDone.has(incident) && ms >= t0 + incident.endMin * 60_000) {
        rollbackDone.add(incident);
        if (options.incidents.some((o) => sameEvent(o, incident) && o.endMin > incident.endMin)) continue;
        for (const host of hosts) {
          appEvents.push({
            ms: ms + hosts.indexOf(host) * 3000,
            line: jsonLine(ms + hosts.indexOf(host) * 3000, {
              level: 'info', service: 'checkout', host, ...(region.jsonHasRegion ? { region: region.name } : {}),
              event: 'rollback', version: versions['checkout'], msg: `rollback checkout to ${versions['checkout']} by oncall`,
            }),
          });
        }
      }
    }

    const n = poisson(random, rate);
    for (let k = 0; k < n; k++) {
      const reqMs = ms + Math.floor(random() * 1000);
      const host = pick(random, hosts);
      const route = weighted(random, PATHS);
      const client = overload && random() < 0.66 ? pick(random, surgeClients) : clients[Math.floor(Math.pow(random(), 1.6) * clients.length)]!;
      let status = random() < 0.003 ? 500 : route.method === 'POST' && random() < 0.01 ? 400 : 200;
      let latency = Math.exp(Math.log(0.06) + 0.5 * gaussian(random));
      if (route.path === '/static/app.js' || route.path === '/health') latency *= 0.2;
      let errorMsg: string | undefined;
      let errorService = route.service;
      let errorVersion: string | undefined;

      if (overload) {
        latency *= 6 + 20 * overload.magnitude * random();
        if (random() < 0.06 * overload.magnitude) status = 503;
        else if (random() < 0.02 * overload.magnitude) status = 429;
        if (status >= 500 && random() < 0.3) errorMsg = `upstream queue full: ${Math.floor(200 + random() * 50)} requests waiting, rejecting`;
      }
      if (attack) {
        // The flood saturates the login path and the servers behind it.
        latency *= 2 + 3 * attack.magnitude * random();
        if (random() < 0.05 * attack.magnitude) status = 429;
      }
      if (congestion) {
        latency *= 3 + 4 * random();
        if (random() < 0.08 * congestion.magnitude) {
          status = 504;
          latency = 30 + random();
          errorMsg = `upstream timed out (110: Connection timed out) while reading response header from upstream 10.0.${REGIONS.indexOf(region)}.${20 + Math.floor(random() * 4)}:8080`;
        }
      }
      if (deploy && ['checkout', 'cart'].includes(route.service) && random() < 0.6 * deploy.magnitude) {
        status = 500;
        errorVersion = '2.14.0';
        errorService = 'checkout';
        errorMsg = `TypeError: Cannot read properties of undefined (reading 'price') at CartTotals.compute (cart-totals.js:${88 + Math.floor(random() * 3)})`;
      }
      if (dbFail && ['checkout', 'cart', 'orders'].includes(route.service) && random() < 0.5 * dbFail.magnitude) {
        status = random() < 0.7 ? 500 : 503;
        latency = 5 + random() * 0.2;
        errorMsg = pick(random, [
          `could not connect to database ${DB_HOST}:5432: timeout after 5000 ms`,
          `connection pool exhausted (pool=${route.service}, size=50, waiting=${Math.floor(20 + random() * 80)})`,
          `query failed on ${DB_HOST}: canceling statement due to statement timeout`,
        ]);
      }
      const record = {
        ms: reqMs,
        offsetMinutes: region.offsetMinutes,
        client,
        method: route.method,
        path: route.path === '/api/search?q=' ? `${route.path}${pick(random, ['shoes', 'socks', 'hat', 'coat', 'bag'])}` : route.path,
        status,
        bytes: status >= 400 ? 180 + Math.floor(random() * 40) : 500 + Math.floor(random() * 20000),
        referer: random() < 0.5 ? 'https://shop.example.com/' : undefined,
        userAgent: pick(random, USER_AGENTS),
        requestTime: latency,
        upstreamTime: route.path === '/static/app.js' ? undefined : Math.max(0, latency - 0.001),
      };
      accessByHost.get(host)!.push({ ms: reqMs, line: accessLine(record) });
      if (status >= 500 || errorMsg) {
        appEvents.push({
          ms: reqMs,
          line: jsonLine(reqMs, {
            level: 'error', service: errorService, host, ...(region.jsonHasRegion ? { region: region.name } : {}),
            status, latency_ms: Math.round(latency * 1000 * 10) / 10,
            ...(errorVersion ? { version: errorVersion } : { version: versions[errorService] }),
            msg: errorMsg ?? `unhandled error in ${errorService}: request failed with status ${status}`,
            trace_id: Math.floor(random() * 2 ** 48).toString(16),
          }),
        });
      } else if (random() < 0.03) {
        appEvents.push({
          ms: reqMs,
          line: jsonLine(reqMs, {
            level: random() < 0.15 ? 'warn' : 'info', service: route.service, host,
            ...(region.jsonHasRegion ? { region: region.name } : {}), status, latency_ms: Math.round(latency * 10000) / 10,
            msg: latency > 0.2 ? `slow request ${route.method} ${route.path} took ${Math.round(latency * 1000)} ms` : `handled ${route.method} ${route.path}`,
            user_id: `u-${Math.floor(random() * 90000) + 10000}`,
          }),
        });
      }
    }

    // The attack: a flood of logins from a few sources.
    if (attack) {
      const flood = poisson(random, 6 * attack.magnitude * options.scale);
      for (let k = 0; k < flood; k++) {
        const reqMs = ms + Math.floor(random() * 1000);
        const host = pick(random, hosts);
        const status = random() < 0.7 ? 401 : 429;
        accessByHost.get(host)!.push({
          ms: reqMs,
          line: accessLine({
            ms: reqMs, offsetMinutes: region.offsetMinutes, client: pick(random, ATTACKERS), method: 'POST', path: '/login',
            status, bytes: 64, userAgent: 'python-requests/2.31.0', requestTime: 0.01 + random() * 0.05, upstreamTime: 0.01,
          }),
        });
        if (random() < 0.05) {
          appEvents.push({
            ms: reqMs,
            line: jsonLine(reqMs, {
              level: 'warn', service: 'auth', host, ...(region.jsonHasRegion ? { region: region.name } : {}), status,
              msg: `login failed for user admin from ${pick(random, ATTACKERS)}: invalid credentials`,
            }),
          });
        }
      }
    }
  }

  // Write access logs per host, rotated: the first two thirds as access.log.1.gz.
  for (const [host, events] of accessByHost) {
    events.sort((a, b) => a.ms - b.ms);
    const dir = `region=${region.name}/host=${host}`;
    const cut = t0 + (seconds * 1000 * 2) / 3;
    for (const e of events) files.get(options.rotate && e.ms < cut ? `${dir}/access.log.1.gz` : `${dir}/access.log`).push(e.line);
  }
  appEvents.sort((a, b) => a.ms - b.ms);
  for (const e of appEvents) files.get(`app/${region.name}.jsonl`).push(e.line);
}

/** Change events: deploys of incidents (bad_deploy; once per event and region) and harmless decoy deploys. No randomness. */
function changeEvents(region: Region, hosts: readonly string[], options: WorldOptions): Event[] {
  const t0 = options.start.getTime();
  const appEvents: Event[] = [];
  for (const incident of options.incidents.filter((i) => i.region === region.name && i.cause === 'bad_deploy')) {
    if (options.incidents.some((o) => sameEvent(o, incident) && o.startMin < incident.startMin)) continue;
    for (const host of hosts) {
      appEvents.push({
        ms: t0 + incident.startMin * 60_000 - 20_000 + hosts.indexOf(host) * 5_000,
        line: jsonLine(t0 + incident.startMin * 60_000 - 20_000 + hosts.indexOf(host) * 5_000, {
          level: 'info', service: 'checkout', host, ...(region.jsonHasRegion ? { region: region.name } : {}),
          event: 'deploy', version: '2.14.0', msg: 'deploy checkout 2.14.0 started by ci-pipeline #8812',
        }),
      });
    }
  }
  for (const decoy of options.decoys.filter((d) => d.region === region.name)) {
    for (const host of hosts) {
      const ms = t0 + decoy.atMin * 60_000 + hosts.indexOf(host) * 4_000;
      appEvents.push({
        ms,
        line: jsonLine(ms, {
          level: 'info', service: decoy.service, host, ...(region.jsonHasRegion ? { region: region.name } : {}),
          event: 'deploy', version: decoy.version, msg: `deploy ${decoy.service} ${decoy.version} started by ci-pipeline #${8700 + decoy.atMin}`,
        }),
      });
    }
  }
  return appEvents;
}

/** Two incident specs of one event in one region (a rollout's parts): one deploy, one rollback. */
function sameEvent(a: IncidentSpec, b: IncidentSpec): boolean {
  return a !== b && a.event !== undefined && a.event === b.event && a.region === b.region;
}
