import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Source } from './source.js';

/** A path that could not be used at all, with the reason. */
export interface DiscoverError {
  path: string;
  message: string;
}

/**
 * Turn the PATH arguments into sources: files as given, directories walked recursively (sorted,
 * hidden entries skipped), `-` as stdin. Missing or unreadable paths are reported, not thrown,
 * so the other paths still load.
 */
export async function discover(paths: readonly string[]): Promise<{ sources: Source[]; errors: DiscoverError[] }> {
  const sources: Source[] = [];
  const errors: DiscoverError[] = [];
  const seen = new Set<string>();
  const add = (source: Source): void => {
    const key = source.kind === 'file' ? path.resolve(source.path) : '-';
    if (seen.has(key)) return;
    seen.add(key);
    sources.push(source);
  };

  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      errors.push({ path: dir, message: describeFsError(err) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) add({ kind: 'file', path: full, explicit: false });
    }
  };

  for (const p of paths) {
    if (p === '-') {
      add({ kind: 'stdin' });
      continue;
    }
    try {
      const st = await stat(p);
      if (st.isDirectory()) await walk(p);
      else add({ kind: 'file', path: p, explicit: true });
    } catch (err) {
      errors.push({ path: p, message: describeFsError(err) });
    }
  }
  return { sources, errors };
}

/** A short, actionable reason for a file-system error. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return `corrupt gzip data (${(err as Error).message})`;
    default:
      return (err as Error).message ?? String(err);
  }
}
