import type { FormatReader } from './reader.js';

const HEADER = /^version account-id interface-id srcaddr dstaddr /;
const RECORD = /^\d+ \S+ \S+ (?:\S+ ){10}(?:OK|NODATA|SKIPDATA)$/;

/** AWS VPC Flow Logs, version 2 default fields, with or without the header line. */
export const vpcflow: FormatReader = {
  name: 'vpcflow',
  table: 'flows',
  loadTable: 'flow_records',
  before: ['ingest/flow-origin'],
  loadSpans: 'ingest/load-spans-flows',
  timeColumn: 'start_ts',
  sniff: (line) => HEADER.test(line) || RECORD.test(line.trim()),
};
