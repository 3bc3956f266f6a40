import { writeFileAtomic } from '../atomic-write.js';
import type { Store } from '../db.js';
import { UsageError } from '../errors.js';
import { htmlReport } from './html.js';
import { markdownReport } from './markdown.js';
import { reportData, type ReadAlready } from './report-data.js';

/**
 * Write the report to `out` (.html or .md), atomically (a temp file renamed into place).
 * `already`: what the caller has read of it already (the incidents document, the per-region tables).
 */
export async function writeReport(store: Store, out: string, already: ReadAlready = {}): Promise<void> {
  const kind = /\.html?$/i.test(out) ? 'html' : /\.(md|markdown)$/i.test(out) ? 'md' : undefined;
  if (!kind) throw new UsageError(`--out ${out}: expected a file ending in .html or .md`);
  const data = await reportData(store, already);
  // Everything is read: the checkpoint that closing the database makes runs in DuckDB's thread
  // while this one draws the charts (should it fail, closing tries again).
  const checkpoint = store.main.run('CHECKPOINT').catch(() => undefined);
  const text = kind === 'html' ? await htmlReport(data) : markdownReport(data);
  await checkpoint;
  await writeFileAtomic(out, text);
}
