/**
 * What each region's hosts write besides requests: Telegraf metrics, VPC flow logs and syslog,
 * shaped by the injected incidents.
 */
import { flowLine, flowNoDataLine, influxLine, syslog3164, syslog5424, VPC_HEADER } from '../log-lines.js';
import type { Files } from './files.js';
import { ATTACKERS, REGIONS, type Active, type Region } from './model.js';
import { pick } from './random.js';
import type { WorldOptions } from './scenarios.js';

/** Telegraf every 15 s per host: cpu, mem, net (counters), ping. */
export function writeMetrics(files: Files, region: Region, hosts: string[], options: WorldOptions, random: () => number, active: Active): void {
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
      out.push(influxLine('cpu', { ...tags, cpu: 'cpu-total' }, { usage_idle: +(100 - busy).toFixed(2), usage_user: +(busy * 0.7).toFixed(2), usage_system: +(busy * 0.3).toFixed(2) }, ms));
      out.push(influxLine('mem', tags, { used_percent: +(48 + 4 * random() + (overload ? 20 : 0)).toFixed(2), available: { int: 8e9 - random() * 1e8 } }, ms));
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
      out.push(influxLine('net', { ...tags, interface: 'eth0' }, { bytes_recv: { int: c.recv }, bytes_sent: { int: c.sent }, drop_in: { int: c.dropIn }, err_in: { int: c.errIn } }, ms));
      out.push(influxLine('net', { ...tags, interface: 'all' }, { tcp_retranssegs: { int: c.retrans } }, ms));
      const loss = congestion ? Math.min(60, 8 + 12 * congestion.magnitude * random()) : random() < 0.02 ? 20 : 0;
      const rtt = congestion ? 90 + 120 * congestion.magnitude * random() : 11 + 3 * random();
      out.push(influxLine('ping', { ...tags, url: `10.0.${REGIONS.indexOf(region)}.1` }, { average_response_ms: +rtt.toFixed(3), percent_packet_loss: +loss.toFixed(1), packets_transmitted: { int: 5 }, packets_received: { int: Math.round(5 * (1 - loss / 100)) } }, ms));
    }
  }
}

/** VPC flow logs per region, aggregated over 60 s capture windows; the attack adds REJECT floods. */
export function writeFlows(files: Files, region: Region, hosts: string[], options: WorldOptions, random: () => number, active: Active): void {
  const t0 = options.start.getTime();
  const withHeader = region.name !== 'us-east-1';
  const out = files.get(`region=${region.name}/vpc-flow/flows.log`);
  if (withHeader) out.push(VPC_HEADER);
  const account = '123456789012';
  const enis = hosts.map((_, i) => `eni-0${region.short}${i}a1b2c3`);
  for (let s = 0; s < options.hours * 3600; s += 60) {
    const startS = Math.floor((t0 + s * 1000) / 1000);
    const attack = active(region.name, 'security_attack', t0 + s * 1000);
    enis.forEach((eni, i) => {
      const ip = `10.0.${REGIONS.indexOf(region)}.${10 + i}`;
      if (random() < 0.03) {
        out.push(flowNoDataLine(account, eni, startS, startS + 60));
        return;
      }
      for (let k = 0; k < 5; k++) {
        out.push(flowLine({ account, eni, src: `${81 + k}.${i}.${k}.${1 + Math.floor(random() * 250)}`, dst: ip, srcPort: 30000 + Math.floor(random() * 30000), dstPort: 443, protocol: 6, packets: 10 + Math.floor(random() * 90), bytes: 4000 + Math.floor(random() * 60000), startS, endS: startS + 60, action: 'ACCEPT' }));
      }
      if (random() < 0.3) {
        out.push(flowLine({ account, eni, src: `45.${Math.floor(random() * 250)}.${Math.floor(random() * 250)}.${Math.floor(random() * 250)}`, dst: ip, srcPort: 40000 + Math.floor(random() * 20000), dstPort: pick(random, [22, 3389, 23, 445]), protocol: 6, packets: 1, bytes: 44, startS, endS: startS + 60, action: 'REJECT' }));
      }
      if (attack) {
        for (const attacker of ATTACKERS) {
          out.push(flowLine({ account, eni, src: attacker, dst: ip, srcPort: 50000 + Math.floor(random() * 10000), dstPort: 22, protocol: 6, packets: 20 + Math.floor(random() * 40), bytes: 1500 + Math.floor(random() * 3000), startS, endS: startS + 60, action: 'REJECT' }));
          out.push(flowLine({ account, eni, src: attacker, dst: ip, srcPort: 50000 + Math.floor(random() * 10000), dstPort: 443, protocol: 6, packets: 200 + Math.floor(random() * 100), bytes: 40000 + Math.floor(random() * 20000), startS, endS: startS + 60, action: 'ACCEPT' }));
        }
      }
    });
  }
}

/** Syslog per host: cron, sshd logins (failed ones during the attack), kernel lines. One host writes RFC 5424. */
export function writeSyslog(files: Files, region: Region, hosts: string[], options: WorldOptions, random: () => number, active: Active): void {
  const t0 = options.start.getTime();
  for (const host of hosts) {
    const rfc5424 = host === 'apse1-web-1';
    const out = files.get(`syslog/${host}.log`);
    let pid = 1000 + hosts.indexOf(host) * 977;
    const emit = (ms: number, program: string, message: string, severity = 6): void => {
      pid += 1 + Math.floor(random() * 5);
      out.push(rfc5424 ? syslog5424(ms, 4 * 8 + severity, host, program, pid, message) : syslog3164(ms, host, program, pid, message));
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