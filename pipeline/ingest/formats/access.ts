import type { FormatReader } from './reader.js';

const LINE = /^\S+ \S+ \S+ \[[^\]]+\] "(?:[^"\\]|\\.)*" \d{3} (?:\d+|-)/;

/** nginx/Apache access logs, "combined" or "common", optional request and upstream times. */
export const access: FormatReader = {
  name: 'access',
  table: 'http_requests',
  sniff: (line) => LINE.test(line),
};
