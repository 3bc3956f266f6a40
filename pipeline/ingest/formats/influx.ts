import type { FormatReader } from './reader.js';

// measurement[,tag=value...] field=value[,field=value...] [timestamp]; escapes allowed in keys.
const LINE = /^(?:[^\\ ,#]|\\.)(?:[^\\ ]|\\.)* +(?:[^\\ ="]|\\.)+=(?:"(?:[^"\\]|\\.)*"|[^ ,]+)(?:,(?:[^\\ ="]|\\.)+=(?:"(?:[^"\\]|\\.)*"|[^ ,]+))*(?: +-?\d+)? *$/;

/** InfluxDB line protocol (Telegraf): one metric_samples row per numeric field. */
export const influx: FormatReader = {
  name: 'influx',
  table: 'metric_samples',
  sniff: (line) => LINE.test(line),
  rowsPerLine: 'many',
  fileParams: ({ mtime }) => ({ file_time: mtime.toISOString() }),
};
