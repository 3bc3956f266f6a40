import type { FormatReader } from './reader.js';

/** nginx: `2026/11/24 07:00:00 [error] 1234#0: *5 connect() failed ...`. */
const NGINX = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[\w+\] \d+#\d+: /;
/** Apache 2.2 and 2.4: `[Sun Dec 04 04:47:44 2005] [notice] ...`, `[Tue Nov 24 07:00:00.123456 2026] [core:error] [pid 12:tid 34] ...`. */
const APACHE = /^\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)? \d{4}\] \[(?:[\w-]+:)?\w+\] /;

/** Web servers' error logs, nginx and Apache: their lines go to log_lines, the file's host and region (as for access logs). */
export const errorlog: FormatReader = {
  name: 'errorlog',
  table: 'log_lines',
  sniff: (line) => NGINX.test(line) || APACHE.test(line),
};
