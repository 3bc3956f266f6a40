/**
 * Benchmark inputs (generated, deterministic) and DuckDB's native way of reading each into a
 * plain table — the reference `npm run bench` compares faultline's ingest with.
 */
import { openSync, writeSync, closeSync } from 'node:fs';
import { sqlFile } from '../pipeline/db.js';
import { accessLine, jsonLine } from './log-lines.js';
import { rng } from './gen-sample-logs.js';

export type BenchFormat = 'access' | 'jsonl';
export const BENCH_FORMATS: BenchFormat[] = ['access', 'jsonl'];

/** The table faultline loads each format into. */
export const TABLE_OF: Record<BenchFormat, string> = { access: 'http_requests', jsonl: 'log_lines' };

const LINES_OF = (file: string): string =>
  `read_csv(${file}, columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', header = false, auto_detect = false)`;

/**
 * The native reference per format, a statement creating table `native` from `$file`:
 * access logs have no reader of their own, so read_csv reads whole lines and faultline's own
 * parse SQL (queries/ingest/access.sql) runs on them inside the engine; JSON lines use read_json.
 */
export const NATIVE_SQL: Record<BenchFormat, string> = {
  get access() {
    return `CREATE TABLE native AS WITH input AS (SELECT 0 AS line_no, line FROM ${LINES_OF('$file')}) ${sqlFile('ingest/access')}`;
  },
  jsonl: `CREATE TABLE native AS SELECT * FROM read_json($file, format = 'newline_delimited')`,
};

/** Write `lines` lines of `format` to `file`, in the shape of the sample world's logs. */
export function writeBenchFile(format: BenchFormat, file: string, lines: number): void {
  const random = rng(42);
  const fd = openSync(file, 'w');
  const t0 = Date.UTC(2026, 10, 24, 0, 0, 0);
  const paths = ['/api/search?q=shoes', '/api/cart', '/api/checkout', '/api/orders', '/login', '/static/app.js'];
  const agents = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36', 'okhttp/4.12.0', 'curl/8.4.0'];
  const services = ['checkout', 'cart', 'search', 'auth', 'orders'];
  let buffer = '';
  for (let i = 0; i < lines; i++) {
    const ms = t0 + Math.floor((i * 86_400_000) / lines);
    const status = random() < 0.01 ? 500 : 200;
    if (format === 'access') {
      buffer += accessLine({
        ms, offsetMinutes: 60, client: `81.${i % 250}.${Math.floor(random() * 250)}.${1 + (i % 200)}`, method: 'GET',
        path: paths[i % paths.length]!, status, bytes: Math.floor(random() * 20000), referer: 'https://shop.example.com/',
        userAgent: agents[i % agents.length]!, requestTime: random() * 0.3, upstreamTime: random() * 0.3,
      });
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
