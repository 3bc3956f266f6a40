/**
 * Formatters for one line of every input format of the README's Input formats, shared by the sample
 * generator, the benchmark and the tests.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `24/Nov/2026:10:00:00 +0100`: the access-log time, written in the server's local offset. */
export function accessTime(ms: number, offsetMinutes: number): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
  );
}

export interface AccessRecord {
  ms: number;
  offsetMinutes: number;
  client: string;
  method: string;
  path: string;
  status: number;
  bytes: number;
  referer?: string;
  userAgent: string;
  /** Seconds; omitted for the "combined" format without $request_time. */
  requestTime?: number;
  upstreamTime?: number;
}

/** nginx "combined" plus `$request_time $upstream_response_time`. */
export function accessLine(r: AccessRecord): string {
  let line =
    `${r.client} - - [${accessTime(r.ms, r.offsetMinutes)}] "${r.method} ${r.path} HTTP/1.1" ${r.status} ${r.bytes} ` +
    `"${r.referer ?? '-'}" "${r.userAgent}"`;
  if (r.requestTime !== undefined) line += ` ${r.requestTime.toFixed(3)}`;
  if (r.upstreamTime !== undefined) line += ` ${r.upstreamTime.toFixed(3)}`;
  return line;
}

/** One JSON application-log line; `ts` as ISO 8601 UTC with milliseconds. */
export function jsonLine(ms: number, fields: Record<string, unknown>): string {
  return JSON.stringify({ ts: new Date(ms).toISOString(), ...fields });
}

/** Escape a line-protocol tag key/value or field key (commas, spaces, equals signs). */
export function influxEscape(s: string): string {
  return s.replace(/[,= ]/g, (c) => `\\${c}`);
}

/** InfluxDB line protocol as Telegraf writes it; integers get the `i` suffix. */
export function influxLine(
  measurement: string,
  tags: Record<string, string>,
  fields: Record<string, number | { int: number } | string | boolean>,
  ms: number,
): string {
  const tagText = Object.entries(tags)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `,${influxEscape(k)}=${influxEscape(v)}`)
    .join('');
  const fieldText = Object.entries(fields)
    .map(([k, v]) => {
      const value =
        typeof v === 'object' ? `${Math.round(v.int)}i` : typeof v === 'string' ? JSON.stringify(v) : typeof v === 'boolean' ? String(v) : String(v);
      return `${influxEscape(k)}=${value}`;
    })
    .join(',');
  return `${measurement.replace(/[, ]/g, (c) => `\\${c}`)}${tagText} ${fieldText} ${BigInt(ms) * 1_000_000n}`;
}

/** The header line of VPC flow logs, version 2 default format. */
export const VPC_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';

export interface FlowRecord {
  account: string;
  eni: string;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  protocol: number;
  packets: number;
  bytes: number;
  startS: number;
  endS: number;
  action: 'ACCEPT' | 'REJECT';
}

/** A VPC flow-log v2 record. */
export function flowLine(f: FlowRecord): string {
  return `2 ${f.account} ${f.eni} ${f.src} ${f.dst} ${f.srcPort} ${f.dstPort} ${f.protocol} ${f.packets} ${f.bytes} ${f.startS} ${f.endS} ${f.action} OK`;
}

/** A VPC flow-log NODATA record (no traffic in the capture window). */
export function flowNoDataLine(account: string, eni: string, startS: number, endS: number): string {
  return `2 ${account} ${eni} - - - - - - - ${startS} ${endS} - NODATA`;
}

/** RFC 3164 syslog: `Nov 24 10:00:01 host prog[pid]: message` (no year, local time = UTC here). */
export function syslog3164(ms: number, host: string, program: string, pid: number, message: string): string {
  const d = new Date(ms);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${MONTHS[d.getUTCMonth()]} ${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${host} ${program}[${pid}]: ${message}`;
}

/** RFC 5424 syslog: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`. */
export function syslog5424(ms: number, pri: number, host: string, app: string, pid: number, message: string, sd = '-'): string {
  return `<${pri}>1 ${new Date(ms).toISOString()} ${host} ${app} ${pid} - ${sd} ${message}`;
}
