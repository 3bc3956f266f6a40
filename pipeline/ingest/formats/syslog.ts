import type { FormatReader } from './reader.js';

const RFC5424 = /^<\d{1,3}>\d{1,2} \S+ \S+ \S+ \S+ \S+ /;
const RFC3164 = /^(?:<\d{1,3}>)?([A-Z][a-z]{2}) +\d{1,2} \d\d:\d\d:\d\d \S+ /;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * syslog, RFC 5424 and RFC 3164. RFC 3164 carries no year: with `--year Y` the first line is in
 * Y and later lines in an earlier month roll over to Y+1 (a December → January file); else the
 * file's mtime dates it, and lines in a month after the mtime's belong to the year before.
 */
export const syslog: FormatReader = {
  name: 'syslog',
  table: 'log_lines',
  sniff: (line) => RFC5424.test(line) || (RFC3164.test(line) && MONTHS.includes(RFC3164.exec(line)![1]!)),
  fileParams: ({ head, mtime, year }) => {
    if (year !== undefined) {
      const first = head.split('\n').map((l) => RFC3164.exec(l)?.[1]).find((m) => m && MONTHS.includes(m));
      return { year_base: year, year_pivot: first ? MONTHS.indexOf(first) + 1 : 1, year_forward: true };
    }
    return { year_base: mtime.getUTCFullYear(), year_pivot: mtime.getUTCMonth() + 1, year_forward: false };
  },
  after: ['ingest/syslog-auth'],
};
