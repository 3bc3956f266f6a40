/**
 * A deterministic generator of a multi-region world of logs in every format of the README's Input
 * formats, with injected incidents of each cause of the README's Causes and Detection and their truth.json.
 *
 *   node dist/scripts/gen-sample-logs.js --out sample-logs [--scenario sample|decoy|hard] [--seed 1]
 *                                        [--start ISO] [--hours 3] [--scale 1] [--no-rotate]
 *
 * The same seed and options always write the same bytes.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { gaussian, pick, poisson, rng, weighted } from './world/random.js';
import { labelled, SCENARIOS, type IncidentSpec, type WorldOptions } from './world/scenarios.js';

export { rng } from './world/random.js';
export { SAMPLE_DECOYS, SAMPLE_INCIDENTS, SCENARIOS, type BumpSpec, type DecoySpec, type IncidentSpec, type Scenario, type WorldOptions } from './world/scenarios.js';
import {
  VPC_HEADER,
  accessLine,
  flowLine,
  flowNoDataLine,
  influxLine,
  jsonLine,
  syslog3164,
  syslog5424,
} from './log-lines.js';

interface Region {
  name: string;
  short: string;
  /** Requests per second at the daily mean. */
  rate: number;
  /** The offset the web servers write their local time in (minutes). */
  offsetMinutes: number;
  /** Whether the JSON logs carry a region field (else the inventory places them). */
  jsonHasRegion: boolean;
}

const REGIONS: Region[] = [
  { name: 'eu-central-1', short: 'euc1', rate: 2.0, offsetMinutes: 60, jsonHasRegion: true },
  { name: 'us-east-1', short: 'use1', rate: 1.6, offsetMinutes: -300, jsonHasRegion: true },
  { name: 'ap-southeast-1', short: 'apse1', rate: 1.1, offsetMinutes: 480, jsonHasRegion: false },
];
const HOSTS_PER_REGION = 3;
const PATHS: { path: string; method: string; service: string; weight: number }[] = [
  { path: '/api/search?q=', method: 'GET', service: 'search', weight: 30 },
  { path: '/api/cart', method: 'GET', service: 'cart', weight: 20 },
  { path: '/api/cart/items', method: 'POST', service: 'cart', weight: 8 },
  { path: '/api/checkout', method: 'POST', service: 'checkout', weight: 6 },
  { path: '/api/orders', method: 'GET', service: 'orders', weight: 8 },
  { path: '/login', method: 'POST', service: 'auth', weight: 4 },
  { path: '/static/app.js', method: 'GET', service: 'search', weight: 14 },
  { path: '/health', method: 'GET', service: 'search', weight: 10 },
];
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
  'okhttp/4.12.0',
  'curl/8.4.0',
];
const VERSIONS: Record<string, string> = { checkout: '2.13.2', cart: '3.3.0', search: '4.0.9', auth: '1.8.4', orders: '5.2.1' };

const ATTACKERS = ['198.51.100.23', '198.51.100.24', '198.51.100.77', '198.51.100.78', '198.51.100.201'];
const DB_HOST = 'db-primary-2';

/** Lines of one output file, gzipped or not when written. */
class OutFile {
  readonly lines: string[] = [];
  constructor(readonly rel: string) {}
}

class Files {
  private readonly files = new Map<string, OutFile>();
  get(rel: string): OutFile {
    let f = this.files.get(rel);
    if (!f) {
      f = new OutFile(rel);
      this.files.set(rel, f);
    }
    return f;
  }
  all(): OutFile[] {
    return [...this.files.values()];
  }
}

interface Event {
  ms: number;
  line: string;
}

/** Generate the world into `options.out` (replacing it). Returns the files written, relative. */
export function generate(options: WorldOptions): string[] {
  const random = rng(options.seed);
  const t0 = options.start.getTime();
  const seconds = Math.round(options.hours * 3600);
  const files = new Files();
  const active = (region: string, cause: IncidentSpec['cause'], ms: number): IncidentSpec | undefined =>
    options.incidents.find(
      (i) => i.region === region && i.cause === cause && ms >= t0 + i.startMin * 60_000 && ms < t0 + i.endMin * 60_000,
    );
  const hostsOf = (r: Region): string[] => Array.from({ length: HOSTS_PER_REGION }, (_, i) => `${r.short}-web-${i + 1}`);
  const clientPool = (r: Region, n: number): string[] => {
    const first = r.name === 'eu-central-1' ? 81 : r.name === 'us-east-1' ? 64 : 103;
    return Array.from({ length: n }, (_, i) => `${first}.${Math.floor(i / 250) % 250}.${(i * 7) % 250}.${1 + (i % 250)}`);
  };

  for (const region of REGIONS) {
    const hosts = hostsOf(region);
    const clients = clientPool(region, 1500);
    const surgeClients = clientPool({ ...region, name: 'surge' }, 4000).map((ip) => ip.replace(/^\d+\./, '110.'));
    const appEvents: Event[] = [];
    const accessByHost = new Map<string, Event[]>(hosts.map((h) => [h, []]));
    const versions = { ...VERSIONS };
    const rollbackDone = new Set<IncidentSpec>();

    // Change events: deploys of incidents (bad_deploy; once per event and region) and harmless decoys.
    const sameEvent = (a: IncidentSpec, b: IncidentSpec): boolean => a !== b && a.event !== undefined && a.event === b.event && a.region === b.region;
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
      for (const e of events) files.get(options.rotate && e.ms < cut ? `${dir}/access.log.1.gz` : `${dir}/access.log`).lines.push(e.line);
    }
    appEvents.sort((a, b) => a.ms - b.ms);
    for (const e of appEvents) files.get(`app/${region.name}.jsonl`).lines.push(e.line);

    writeMetrics(files, region, hosts, options, random, active);
    writeFlows(files, region, hosts, options, random, active);
    writeSyslog(files, region, hosts, options, random, active);
  }

  // Write out.
  rmSync(options.out, { recursive: true, force: true });
  const written: string[] = [];
  for (const f of files.all()) {
    const full = path.join(options.out, f.rel);
    mkdirSync(path.dirname(full), { recursive: true });
    const text = f.lines.join('\n') + '\n';
    writeFileSync(full, f.rel.endsWith('.gz') ? gzipSync(text, { level: 9 }) : text);
    written.push(f.rel);
  }
  const inventory = ['host,region', ...REGIONS.flatMap((r) => hostsOf(r).map((h) => `${h},${r.name}`))].join('\n') + '\n';
  writeFileSync(path.join(options.out, 'inventory.csv'), inventory);
  const truth = {
    window: { start: iso(t0), end: iso(t0 + seconds * 1000) },
    incidents: labelled(options.incidents).map((group) => ({
      start: iso(t0 + Math.min(...group.map((i) => i.startMin)) * 60_000),
      end: iso(t0 + Math.max(...group.map((i) => i.endMin)) * 60_000),
      regions: [...new Set(group.map((i) => i.region))],
      cause: group[0]!.cause,
    })),
  };
  writeFileSync(path.join(options.out, 'truth.json'), JSON.stringify(truth, null, 2) + '\n');
  return written.sort();
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

type Active = (region: string, cause: IncidentSpec['cause'], ms: number) => IncidentSpec | undefined;

/** Telegraf every 15 s per host: cpu, mem, net (counters), ping. */
function writeMetrics(files: Files, region: Region, hosts: string[], options: WorldOptions, random: () => number, active: Active): void {
  const t0 = options.start.getTime();
  const out = files.get(`metrics/telegraf-${region.name}.influx${options.rotate && region.name !== 'eu-central-1' ? '.gz' : ''}`);
  const counters = new Map(hosts.map((h) => [h, { recv: 1e9, sent: 2e9, dropIn: 10, errIn: 0, retrans: 5000 }]));
  for (let s = 0; s < options.hours * 3600; s += 15) {
    const ms = t0 + s * 1000;
    const overload = active(region.name, 'server_overload', ms);
    const congestion = active(region.name, 'network_congestion', ms);
    const attack = active(region.name, 'security_attack', ms);
    for (const host of hosts) {
      const tags = { host, region: region.name };
      let busy = 22 + 6 * random();
      if (overload) busy = Math.min(99, 70 + 25 * overload.magnitude + 4 * random());
      if (attack) busy = Math.min(97, busy + 40 * attack.magnitude);
      if (congestion) busy *= 0.8;
      out.lines.push(influxLine('cpu', { ...tags, cpu: 'cpu-total' }, { usage_idle: +(100 - busy).toFixed(2), usage_user: +(busy * 0.7).toFixed(2), usage_system: +(busy * 0.3).toFixed(2) }, ms));
      out.lines.push(influxLine('mem', tags, { used_percent: +(48 + 4 * random() + (overload ? 20 : 0)).toFixed(2), available: { int: 8e9 - random() * 1e8 } }, ms));
      const c = counters.get(host)!;
      c.recv += 1.5e6 * (1 + random()) * (overload ? 3 : 1);
      c.sent += 6e6 * (1 + random()) * (overload ? 3 : 1);
      if (congestion) {
        c.dropIn += Math.floor(200 * congestion.magnitude * (1 + random()));
        c.errIn += Math.floor(20 * random());
        c.retrans += Math.floor(900 * congestion.magnitude * (1 + random()));
      } else {
        c.dropIn += random() < 0.05 ? 1 : 0;
        c.retrans += Math.floor(15 * random());
      }
      out.lines.push(influxLine('net', { ...tags, interface: 'eth0' }, { bytes_recv: { int: c.recv }, bytes_sent: { int: c.sent }, drop_in: { int: c.dropIn }, err_in: { int: c.errIn } }, ms));
      out.lines.push(influxLine('net', { ...tags, interface: 'all' }, { tcp_retranssegs: { int: c.retrans } }, ms));
      const loss = congestion ? Math.min(60, 8 + 12 * congestion.magnitude * random()) : random() < 0.02 ? 20 : 0;
      const rtt = congestion ? 90 + 120 * congestion.magnitude * random() : 11 + 3 * random();
      out.lines.push(influxLine('ping', { ...tags, url: `10.0.${REGIONS.indexOf(region)}.1` }, { average_response_ms: +rtt.toFixed(3), percent_packet_loss: +loss.toFixed(1), packets_transmitted: { int: 5 }, packets_received: { int: Math.round(5 * (1 - loss / 100)) } }, ms));
    }
  }
}

/** VPC flow logs per region, aggregated over 60 s capture windows; the attack adds REJECT floods. */
function writeFlows(files: Files, region: Region, hosts: string[], options: WorldOptions, random: () => number, active: Active): void {
  const t0 = options.start.getTime();
  const withHeader = region.name !== 'us-east-1';
  const out = files.get(`region=${region.name}/vpc-flow/flows.log`);
  if (withHeader) out.lines.push(VPC_HEADER);
  const account = '123456789012';
  const enis = hosts.map((_, i) => `eni-0${region.short}${i}a1b2c3`);
  for (let s = 0; s < options.hours * 3600; s += 60) {
    const startS = Math.floor((t0 + s * 1000) / 1000);
    const attack = active(region.name, 'security_attack', t0 + s * 1000);
    enis.forEach((eni, i) => {
      const ip = `10.0.${REGIONS.indexOf(region)}.${10 + i}`;
      if (random() < 0.03) {
        out.lines.push(flowNoDataLine(account, eni, startS, startS + 60));
        return;
      }
      for (let k = 0; k < 5; k++) {
        out.lines.push(flowLine({ account, eni, src: `${81 + k}.${i}.${k}.${1 + Math.floor(random() * 250)}`, dst: ip, srcPort: 30000 + Math.floor(random() * 30000), dstPort: 443, protocol: 6, packets: 10 + Math.floor(random() * 90), bytes: 4000 + Math.floor(random() * 60000), startS, endS: startS + 60, action: 'ACCEPT' }));
      }
      if (random() < 0.3) {
        out.lines.push(flowLine({ account, eni, src: `45.${Math.floor(random() * 250)}.${Math.floor(random() * 250)}.${Math.floor(random() * 250)}`, dst: ip, srcPort: 40000 + Math.floor(random() * 20000), dstPort: pick(random, [22, 3389, 23, 445]), protocol: 6, packets: 1, bytes: 44, startS, endS: startS + 60, action: 'REJECT' }));
      }
      if (attack) {
        for (const attacker of ATTACKERS) {
          out.lines.push(flowLine({ account, eni, src: attacker, dst: ip, srcPort: 50000 + Math.floor(random() * 10000), dstPort: 22, protocol: 6, packets: 20 + Math.floor(random() * 40), bytes: 1500 + Math.floor(random() * 3000), startS, endS: startS + 60, action: 'REJECT' }));
          out.lines.push(flowLine({ account, eni, src: attacker, dst: ip, srcPort: 50000 + Math.floor(random() * 10000), dstPort: 443, protocol: 6, packets: 200 + Math.floor(random() * 100), bytes: 40000 + Math.floor(random() * 20000), startS, endS: startS + 60, action: 'ACCEPT' }));
        }
      }
    });
  }
}

/** Syslog per host: cron, sshd logins (failed ones during the attack), kernel lines. One host writes RFC 5424. */
function writeSyslog(files: Files, region: Region, hosts: string[], options: WorldOptions, random: () => number, active: Active): void {
  const t0 = options.start.getTime();
  for (const host of hosts) {
    const rfc5424 = host === 'apse1-web-1';
    const out = files.get(`syslog/${host}.log`);
    let pid = 1000 + hosts.indexOf(host) * 977;
    const emit = (ms: number, program: string, message: string, severity = 6): void => {
      pid += 1 + Math.floor(random() * 5);
      out.lines.push(rfc5424 ? syslog5424(ms, 4 * 8 + severity, host, program, pid, message) : syslog3164(ms, host, program, pid, message));
    };
    for (let s = 0; s < options.hours * 3600; s += 10) {
      const ms = t0 + s * 1000 + Math.floor(random() * 10_000);
      const attack = active(region.name, 'security_attack', ms);
      const overload = active(region.name, 'server_overload', ms);
      const congestion = active(region.name, 'network_congestion', ms);
      if (s % 300 === 0) emit(ms, 'CRON', '(root) CMD (run-parts /etc/cron.hourly)');
      if (random() < 0.02) emit(ms, 'sshd', `Accepted publickey for deploy from 10.0.255.${10 + Math.floor(random() * 5)} port ${40000 + Math.floor(random() * 20000)} ssh2: ED25519 SHA256:q2X9mJ`);
      if (random() < 0.015) emit(ms, 'sshd', `Failed password for invalid user ${pick(random, ['oracle', 'test', 'ubuntu', 'pi'])} from 45.${Math.floor(random() * 250)}.${Math.floor(random() * 250)}.${Math.floor(random() * 250)} port ${40000 + Math.floor(random() * 20000)} ssh2`, 5);
      if (attack) {
        for (let k = 0; k < 1 + Math.floor(4 * attack.magnitude * random()); k++) {
          emit(ms + k * 300, 'sshd', `Failed password for ${random() < 0.5 ? 'root' : 'invalid user admin'} from ${pick(random, ATTACKERS)} port ${40000 + Math.floor(random() * 20000)} ssh2`, 5);
        }
      }
      if (overload && random() < 0.05) emit(ms, 'kernel', 'nf_conntrack: nf_conntrack: table full, dropping packet', 4);
      if (congestion && random() < 0.1) emit(ms, 'kernel', 'eth0: NETDEV WATCHDOG: transmit queue 0 timed out', 4);
    }
  }
}

function parseArgs(argv: string[]): WorldOptions {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const name = (get('scenario') ?? 'sample') as keyof typeof SCENARIOS;
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`--scenario: one of ${Object.keys(SCENARIOS).join(', ')}`);
  return {
    ...scenario,
    out: get('out') ?? 'sample-logs',
    seed: Number(get('seed') ?? 1),
    ...(get('start') ? { start: new Date(get('start')!) } : {}),
    ...(get('hours') ? { hours: Number(get('hours')) } : {}),
    ...(get('scale') ? { scale: Number(get('scale')) } : {}),
    ...(argv.includes('--no-rotate') ? { rotate: false } : {}),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = parseArgs(process.argv.slice(2));
  const written = generate(options);
  process.stderr.write(`gen-sample-logs: ${written.length} log files + inventory.csv + truth.json in ${options.out}\n`);
}
