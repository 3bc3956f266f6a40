import path from 'node:path';
import { firstLine, type Session } from '../db.js';
import { FaultlineError } from '../errors.js';

/** Region, host and service named by Hive-style path segments (`.../region=eu-central-1/host=web-3/x.log`). */
export interface PathHints {
  region: string | null;
  host: string | null;
  service: string | null;
}

/**
 * Read `region=`, `host=` and `service=` segments of a path (rule 2 of the region rules, README: Input formats).
 * The segment nearest the file wins when a key repeats.
 */
export function pathHints(filePath: string): PathHints {
  const hints: PathHints = { region: null, host: null, service: null };
  for (const segment of path.resolve(filePath).split(path.sep)) {
    const match = /^(region|host|service)=(.+)$/.exec(segment);
    if (match) hints[match[1] as keyof PathHints] = decodeURIComponent(match[2]!);
  }
  return hints;
}

/** A host → region map from `--inventory FILE` (CSV with a `host,region` header), read by DuckDB. */
export async function readInventory(session: Session, file: string): Promise<Map<string, string>> {
  let header: string[];
  try {
    const described = await session.all('SELECT column_name FROM (DESCRIBE SELECT * FROM read_csv($file, header = true, all_varchar = true, normalize_names = true))', { file });
    header = described.map((r) => String(r['column_name']));
  } catch (err) {
    throw new FaultlineError(`--inventory ${file}: cannot read it as CSV (${firstLine(err)})`);
  }
  if (!header.includes('host') || !header.includes('region')) {
    throw new FaultlineError(`--inventory ${file}:1: expected a CSV header with columns host,region, got "${header.join(',')}"`);
  }
  const map = new Map<string, string>();
  for (const r of await session.allFile('ingest/read-inventory', { file })) {
    const host = r['host'] as string;
    const region = r['region'] as string;
    if (!host || !region) throw new FaultlineError(`--inventory ${file}:${Number(r['line'])}: expected a host and a region`);
    map.set(host, region);
  }
  return map;
}

/** Put the inventory where the ingest SQL's `resolve_region` finds it (a temp table of the session). */
export async function loadInventory(session: Session, inventory: Map<string, string>): Promise<void> {
  await session.run('DELETE FROM inventory');
  if (!inventory.size) return;
  const appender = await session.connection.createAppender('inventory', 'main', 'temp');
  for (const [host, region] of inventory) {
    appender.appendVarchar(host);
    appender.appendVarchar(region);
    appender.endRow();
  }
  appender.closeSync();
}
