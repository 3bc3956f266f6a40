/**
 * Benchmark inputs (generated, deterministic) and DuckDB's native way of reading each into a
 * plain table — the reference `npm run bench` compares faultline's ingest with.
 */
import { openSync, writeSync, closeSync } from 'node:fs';
import { sqlFile } from '../pipeline/db.js';
import { VPC_HEADER, accessLine, flowLine, influxLine, jsonLine, syslog3164 } from './log-lines.js';
import { rng } from './gen-sample-logs.js';

export type BenchFormat = 'access' | 'jsonl' | 'influx' | 'vpcflow' | 'syslog';
export const BENCH_FORMATS: BenchFormat[] = ['access', 'jsonl', 'influx', 'vpcflow', 'syslog'];
/**
 * What one bench process loads with: faultline's ingest, the native reference, (access) DuckDB's
 * CSV reader alone, or (jsonl) DuckDB's reader of whole lines with faultline's own parse SQL.
 */
export type BenchMode = 'faultline' | 'native' | 'csv' | 'parse';

const LINES_OF = (file: string): string =>
  `read_csv(${file}, columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', header = false, auto_detect = false)`;

/** The lines of `$file` (a glob too) as a parse query's `input`, with the file's columns that parse reads. */
const LINES_INPUT = (fileColumns: string): string =>
  `WITH input AS (SELECT 0 AS line_no, line, 0::BIGINT AS file_id, ${fileColumns} FROM ${LINES_OF('$file')})`;

/**
 * The native reference per format, a statement creating table `native` from `$file`, or
 * `undefined` where DuckDB has no reader for the format (influx, syslog: the reference is then
 * the Node-side floor, reading and splitting lines without parsing them). Access logs have no
 * reader either, but read_csv reads whole lines and faultline's own parse SQL
 * (queries/ingest/parse/access.sql) runs on them inside the engine; JSON lines use read_json; VPC
 * flow logs are space-separated values read by read_csv.
 */
export const NATIVE_SQL: Record<BenchFormat, string | undefined> = {
  get access() {
    return `CREATE TABLE native AS ${LINES_INPUT("'unknown' AS file_region, 'unknown' AS file_host, NULL::VARCHAR AS path_service")} ${sqlFile('ingest/parse/access')}`;
  },
  jsonl: `CREATE TABLE native AS SELECT * FROM read_json($file, format = 'newline_delimited')`,
  influx: undefined,
  vpcflow: `CREATE TABLE native AS SELECT * FROM read_csv($file, delim = ' ', header = true, nullstr = '-')`,
  syslog: undefined,
};

/**
 * JSON lines as the access reference reads its lines: DuckDB's multi-file CSV reader gives whole
 * lines, and faultline's own parse SQL (queries/ingest/parse/jsonl.sql: known keys, levels, every
 * other key in `attrs`) runs on them inside the engine; the rows it accepts go to table `native`.
 * The same work as faultline's load less its own reading of the files, line numbers and steps after
 * a load, so it tells what the file handling costs apart from the parse. Parameters: $file, and the
 * parse's ($cli_region and the field map's $map_*, all NULL).
 */
export const JSONL_PARSE_SQL = (): string =>
  `CREATE TABLE native AS SELECT * EXCLUDE (reason, raw) FROM (` +
  `${LINES_INPUT('NULL::VARCHAR AS path_region, NULL::VARCHAR AS path_host, NULL::VARCHAR AS path_service')} ${sqlFile('ingest/parse/jsonl')}) WHERE reason IS NULL`;

/**
 * The days (0-based) a bench file spread over `days` days has data on: every day but the
 * weekend of each week (two-day gaps) and days 40–49 (a ten-day outage), so detect meets gaps.
 */
export function activeDays(days: number): number[] {
  if (days <= 1) return [0];
  return Array.from({ length: days }, (_, d) => d).filter((d) => d % 7 < 5 && !(d >= 40 && d < 50));
}

/**
 * Write `lines` lines of `format` to `file`, in the shape of the sample world's logs, over one
 * day, or over the active days of `days` days (with gaps).
 */
export function writeBenchFile(format: BenchFormat, file: string, lines: number, seed = 42, days = 1): void {
  const random = rng(seed);
  const fd = openSync(file, 'w');
  const active = activeDays(days);
  const t0 = Date.UTC(2026, 10, 24, 0, 0, 0) + (seed - 42) * 86_400_000 - (days > 1 ? days * 86_400_000 : 0);
  const paths = ['/api/search?q=shoes', '/api/cart', '/api/checkout', '/api/orders', '/login', '/static/app.js'];
  const agents = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36', 'okhttp/4.12.0', 'curl/8.4.0'];
  const services = ['checkout', 'cart', 'search', 'auth', 'orders'];
  let buffer = '';
  for (let i = 0; i < lines; i++) {
    const at = (i * active.length * 86_400_000) / lines;
    const ms = t0 + active[Math.floor(at / 86_400_000)]! * 86_400_000 + Math.floor(at % 86_400_000);
    const status = random() < 0.01 ? 500 : 200;
    if (format === 'access') {
      buffer += accessLine({
        ms, offsetMinutes: 60, client: `81.${i % 250}.${Math.floor(random() * 250)}.${1 + (i % 200)}`, method: 'GET',
        path: paths[i % paths.length]!, status, bytes: Math.floor(random() * 20000), referer: 'https://shop.example.com/',
        userAgent: agents[i % agents.length]!, requestTime: random() * 0.3, upstreamTime: random() * 0.3,
      });
    } else if (format === 'influx') {
      const host = `web-${i % 9}`;
      const tags = { host, region: ['eu-central-1', 'us-east-1', 'ap-southeast-1'][i % 3]! };
      buffer +=
        i % 3 === 0
          ? influxLine('cpu', { ...tags, cpu: 'cpu-total' }, { usage_idle: +(70 + random() * 20).toFixed(2), usage_user: +(random() * 20).toFixed(2), usage_system: +(random() * 8).toFixed(2) }, ms)
          : i % 3 === 1
            ? influxLine('ping', { ...tags, url: '10.0.0.1' }, { average_response_ms: +(10 + random() * 5).toFixed(3), percent_packet_loss: 0, packets_received: { int: 5 } }, ms)
            : influxLine('net', { ...tags, interface: 'eth0' }, { bytes_recv: { int: i * 1500 }, drop_in: { int: i % 7 }, err_in: { int: 0 } }, ms);
    } else if (format === 'vpcflow') {
      if (i === 0) buffer += VPC_HEADER + '\n';
      const startS = Math.floor(ms / 1000);
      buffer += flowLine({
        account: '123456789012', eni: `eni-0${(i % 9).toString(16)}a1b2c3d`, src: `81.${i % 250}.${Math.floor(random() * 250)}.${1 + (i % 200)}`,
        dst: `10.0.${i % 3}.${10 + (i % 9)}`, srcPort: 30000 + Math.floor(random() * 30000), dstPort: 443, protocol: 6,
        packets: 1 + Math.floor(random() * 100), bytes: 40 + Math.floor(random() * 60000), startS, endS: startS + 60,
        action: random() < 0.05 ? 'REJECT' : 'ACCEPT',
      });
    } else if (format === 'syslog') {
      buffer += random() < 0.5
        ? syslog3164(ms, `web-${i % 9}`, 'sshd', 1000 + (i % 30000), `Failed password for invalid user admin from 198.51.100.${i % 250} port ${40000 + (i % 20000)} ssh2`)
        : syslog3164(ms, `web-${i % 9}`, 'CRON', 1000 + (i % 30000), '(root) CMD (run-parts /etc/cron.hourly)');
    } else {
      buffer += jsonLine(ms, {
        level: status === 500 ? 'error' : 'info', service: services[i % services.length], host: `web-${i % 9}`,
        region: ['eu-central-1', 'us-east-1', 'ap-southeast-1'][i % 3], status, latency_ms: Math.round(random() * 3000) / 10,
        msg: status === 500 ? `could not connect to database db-primary-2:5432: timeout after 5000 ms` : `handled GET ${paths[i % paths.length]}`,
        trace_id: Math.floor(random() * 2 ** 48).toString(16), user_id: `u-${Math.floor(random() * 90000)}`,
      });
    }
    buffer += '\n';
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  writeSync(fd, buffer);
  closeSync(fd);
}

/**
 * A JSON log of `lines` lines of `kinds` kinds of message (templates), for the templates bench:
 * each kind is four constant words from a vocabulary (so kinds differ by words, as real ones do)
 * and variables of the shapes logs carry — a number with a unit, an IP and port, a hex id, a
 * user name from a pool of 500 — in a Zipf-like mix (a few kinds are most of the lines).
 */
export function writeKindsFile(file: string, lines: number, kinds: number, seed = 7): void {
  const random = rng(seed);
  const vocabulary = Array.from({ length: 676 }, (_, k) => `${String.fromCharCode(97 + (k % 26))}${String.fromCharCode(97 + Math.floor(k / 26))}word`);
  const shapes = [
    (r: () => number) => `${Math.floor(r() * 5000)} ms`,
    (r: () => number) => `10.${Math.floor(r() * 250)}.${Math.floor(r() * 250)}.${Math.floor(r() * 250)}:${1024 + Math.floor(r() * 60000)}`,
    (r: () => number) => `0x${Math.floor(r() * 2 ** 40).toString(16)}`,
    (r: () => number) => `user${Math.floor(r() * 500)}`,
  ];
  const kindWords = Array.from({ length: kinds }, () => [0, 1, 2, 3].map(() => vocabulary[Math.floor(random() * vocabulary.length)]!));
  const fd = openSync(file, 'w');
  const t0 = Date.UTC(2026, 10, 24, 0, 0, 0);
  let buffer = '';
  for (let i = 0; i < lines; i++) {
    const k = Math.min(kinds - 1, Math.floor(kinds * random() ** 3));
    const [a, b, c, d] = kindWords[k]!;
    const v1 = shapes[k % 4]!(random);
    const v2 = shapes[(k + 1) % 4]!(random);
    buffer += jsonLine(t0 + Math.floor((i * 86_400_000) / lines), {
      level: k % 10 === 0 ? 'error' : 'info', service: `svc-${k % 7}`, host: `web-${i % 9}`, region: ['eu-central-1', 'us-east-1'][i % 2],
      msg: `${a} ${b} ${v1} ${c} ${d} ${v2}`,
    }) + '\n';
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  writeSync(fd, buffer);
  closeSync(fd);
}
