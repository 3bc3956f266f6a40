import type { Format } from '../../types.js';
import { access } from './access.js';
import { errorlog } from './errorlog.js';
import { influx } from './influx.js';
import { jsonl } from './jsonl.js';
import type { FormatReader } from './reader.js';
import { syslog } from './syslog.js';
import { vpcflow } from './vpcflow.js';

/**
 * The registry of input formats: one entry each (`formats/<name>.ts`: its sniffing, its table,
 * the file parameters and the steps around its load), and one parse query each
 * (`queries/ingest/parse/<name>.sql`). The loading machinery around them (blocks, rejects,
 * manifest) is the same for all. Adding a format is one entry here, its name in `Format`
 * (types.ts), and one SQL file. Sniffing tries them in this order.
 */
export const REGISTRY: readonly FormatReader[] = [access, jsonl, influx, vpcflow, syslog, errorlog];

/** Every format faultline can load, by name. */
export const READERS: ReadonlyMap<Format, FormatReader> = new Map(REGISTRY.map((reader) => [reader.name, reader]));

/** The format names, for `--format`. */
export const FORMATS: readonly Format[] = REGISTRY.map((reader) => reader.name);
