import type { FormatReader } from './reader.js';

const RFC5424 = /^<\d{1,3}>\d{1,2} \S+ \S+ \S+ \S+ \S+ /;
const RFC3164 = /^(?:<\d{1,3}>)?([A-Z][a-z]{2}) +\d{1,2} \d\d:\d\d:\d\d \S+ /;
/** rsyslog's high-precision file format: an RFC 3339 time (with its zone), the host, a tag with a colon. */
const ISO_TAGGED = /^(?:<\d{1,3}>)?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) \S+ [^\s\[:]+(?:\[\d+\])?: /;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A line may lie this far after its file's mtime (clock skew, local time written as UTC) before its year is rolled back. */
const MTIME_SLACK_MS = 86_400_000;

/**
 * syslog, RFC 5424 and RFC 3164 (also with rsyslog's RFC 3339 time, which has its year). RFC
 * 3164 carries no year: with `--year Y` the first line is in Y and later lines in an earlier
 * month roll over to Y+1 (a December → January file); else the year is guessed so that no line
 * lies after the file's mtime: the mtime's year, or the year before for a line that would
 * otherwise lie more than a day after the mtime (a December line in a file last written in
 * January; a December 10 line in a file last written on December 2).
 */
export const syslog: FormatReader = {
  name: 'syslog',
  table: 'log_lines',
  sniff: (line) => RFC5424.test(line) || ISO_TAGGED.test(line) || (RFC3164.test(line) && MONTHS.includes(RFC3164.exec(line)![1]!)),
  fileParams: ({ head, mtime, year }) => {
    if (year !== undefined) {
      const first = head.split('\n').map((l) => RFC3164.exec(l)?.[1]).find((m) => m && MONTHS.includes(m));
      return { year_base: year, year_pivot: first ? MONTHS.indexOf(first) + 1 : 1, year_forward: true, year_latest: null };
    }
    return { year_base: mtime.getUTCFullYear(), year_pivot: 0, year_forward: false, year_latest: new Date(mtime.getTime() + MTIME_SLACK_MS).toISOString() };
  },
  fileNote: ({ head, mtime, year }) =>
    year === undefined && head.split('\n').some((l) => RFC3164.test(l))
      ? `its lines carry no year: guessed so that none lies after the file's mtime (${mtime.toISOString().slice(0, 10)}); if wrong, reload with --year YYYY --force`
      : undefined,
  after: ['ingest/syslog-auth'],
};
