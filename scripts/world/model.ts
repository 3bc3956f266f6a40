/**
 * The generated world's fixed parts: its regions, hosts, routes, clients and the shapes shared by
 * the traffic and host simulations (traffic.ts, hosts.ts).
 */
import type { IncidentSpec } from './scenarios.js';

export interface Region {
  name: string;
  short: string;
  /** Requests per second at the daily mean. */
  rate: number;
  /** The offset the web servers write their local time in (minutes). */
  offsetMinutes: number;
  /** Whether the JSON logs carry a region field (else the inventory places them). */
  jsonHasRegion: boolean;
}

export const REGIONS: Region[] = [
  { name: 'eu-central-1', short: 'euc1', rate: 2.0, offsetMinutes: 60, jsonHasRegion: true },
  { name: 'us-east-1', short: 'use1', rate: 1.6, offsetMinutes: -300, jsonHasRegion: true },
  { name: 'ap-southeast-1', short: 'apse1', rate: 1.1, offsetMinutes: 480, jsonHasRegion: false },
];
export const HOSTS_PER_REGION = 3;
export const PATHS: { path: string; method: string; service: string; weight: number }[] = [
  { path: '/api/search?q=', method: 'GET', service: 'search', weight: 30 },
  { path: '/api/cart', method: 'GET', service: 'cart', weight: 20 },
  { path: '/api/cart/items', method: 'POST', service: 'cart', weight: 8 },
  { path: '/api/checkout', method: 'POST', service: 'checkout', weight: 6 },
  { path: '/api/orders', method: 'GET', service: 'orders', weight: 8 },
  { path: '/login', method: 'POST', service: 'auth', weight: 4 },
  { path: '/static/app.js', method: 'GET', service: 'search', weight: 14 },
  { path: '/health', method: 'GET', service: 'search', weight: 10 },
];
export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
  'okhttp/4.12.0',
  'curl/8.4.0',
];
export const VERSIONS: Record<string, string> = { checkout: '2.13.2', cart: '3.3.0', search: '4.0.9', auth: '1.8.4', orders: '5.2.1' };

export const ATTACKERS = ['198.51.100.23', '198.51.100.24', '198.51.100.77', '198.51.100.78', '198.51.100.201'];
export const DB_HOST = 'db-primary-2';

/** One log line at its time, before a file's lines are sorted by time. */
export interface Event {
  ms: number;
  line: string;
}

/** The incident of a cause active in a region at a time, if any. */
export type Active = (region: string, cause: IncidentSpec['cause'], ms: number) => IncidentSpec | undefined;

/** The web hosts of a region. */
export function hostsOf(r: Region): string[] {
  return Array.from({ length: HOSTS_PER_REGION }, (_, i) => `${r.short}-web-${i + 1}`);
}

/** A region's pool of client addresses. */
export function clientPool(r: Region, n: number): string[] {
  const first = r.name === 'eu-central-1' ? 81 : r.name === 'us-east-1' ? 64 : 103;
  return Array.from({ length: n }, (_, i) => `${first}.${Math.floor(i / 250) % 250}.${(i * 7) % 250}.${1 + (i % 250)}`);
}
