import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `queries/` directory: found upward from this module, so it works from `pipeline/` and `dist/pipeline/`. */
export const QUERIES_DIR: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'queries');
    if (existsSync(path.join(candidate, 'schema.sql'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('faultline: queries/schema.sql not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
})();

const sqlCache = new Map<string, string>();

/** The text of `queries/<name>.sql` (cached). */
export function sqlFile(name: string): string {
  let text = sqlCache.get(name);
  if (text === undefined) {
    text = readFileSync(path.join(QUERIES_DIR, `${name}.sql`), 'utf8');
    sqlCache.set(name, text);
  }
  return text;
}
