import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Session } from '../db.js';
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

/** A host → region map from `--inventory FILE` (CSV with a `host,region` header). */
export async function readInventory(file: string): Promise<Map<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new FaultlineError(`--inventory ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const hostCol = header.indexOf('host');
  const regionCol = header.indexOf('region');
  if (hostCol < 0 || regionCol < 0) {
    throw new FaultlineError(`--inventory ${file}:1: expected a CSV header with columns host,region, got "${lines[0] ?? ''}"`);
  }
  const map = new Map<string, string>();
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const cells = line.split(',').map((c) => c.trim());
    const host = cells[hostCol];
    const region = cells[regionCol];
    if (!host || !region) throw new FaultlineError(`--inventory ${file}:${i + 2}: expected host,region, got "${line}"`);
    map.set(host, region);
  });
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
