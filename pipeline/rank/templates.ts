import type { Store } from '../db.js';
import { TemplateMiner, tokensOf, type Template } from './miner.js';

export interface TemplateRun {
  /** New distinct masked messages seen. */
  messages: number;
  created: number;
  lines: number;
  seconds: number;
}

/**
 * Give every log line not yet templated its `template_id`: mask the new messages in SQL, feed
 * the distinct masked ones to the miner, which knows the `templates` table's patterns, remember each
 * masked message's template in `template_members` (so a later run gives the same message the
 * same id), and write the ids back to log_lines.
 */
export async function mineTemplates(store: Store): Promise<TemplateRun> {
  const started = performance.now();
  const db = store.main;
  return db.transaction(async () => {
    await db.runFile('rank/stage-new-messages');
    const fresh = await db.all(
      'SELECT masked, min(ts) AS first_seen FROM new_messages WHERE masked NOT IN (SELECT masked FROM template_members) GROUP BY masked ORDER BY first_seen, masked',
    );
    const existing = (await db.all('SELECT template_id, pattern FROM templates')).map(
      (r): Template => ({ id: r['template_id'] as number, tokens: tokensOf(r['pattern'] as string) }),
    );
    const miner = new TemplateMiner(existing);
    const ids = miner.assign(fresh.map((r) => r['masked'] as string));
    const patterns = new Map(miner.templates().map((t) => [t.id, t.tokens.join(' ')]));
    const touched = new Map<number, { pattern: string; firstSeen: string }>();
    const members: [string, number][] = [];
    const known = new Set(existing.map((t) => t.id));
    let created = 0;
    fresh.forEach((row, k) => {
      const id = ids[k]!;
      if (!known.has(id) && !touched.has(id)) created++;
      if (!touched.has(id)) touched.set(id, { pattern: patterns.get(id)!, firstSeen: row['first_seen'] as string });
      members.push([row['masked'] as string, id]);
    });
    // All at once: one statement per template cost seconds on a log of a few thousand kinds.
    await db.run('CREATE OR REPLACE TEMP TABLE template_upserts (template_id INTEGER, pattern VARCHAR, first_seen VARCHAR)');
    const upserts = await db.connection.createAppender('template_upserts', 'main', 'temp');
    for (const [id, t] of touched) {
      upserts.appendInteger(id);
      upserts.appendVarchar(t.pattern);
      upserts.appendVarchar(t.firstSeen);
      upserts.endRow();
    }
    upserts.closeSync();
    await db.runFile('rank/upsert-templates');
    await db.run('DROP TABLE template_upserts');
    if (members.length) {
      const appender = await db.connection.createAppender('template_members');
      for (const [masked, id] of members) {
        appender.appendVarchar(masked);
        appender.appendInteger(id);
        appender.endRow();
      }
      appender.closeSync();
    }
    const lines = await db.change(
      'UPDATE log_lines SET template_id = m.template_id FROM new_messages n JOIN template_members m USING (masked) WHERE log_lines.rowid = n.row_id',
    );
    await db.run('UPDATE templates SET lines = c.n FROM (SELECT template_id, count(*) AS n FROM log_lines GROUP BY ALL) c WHERE templates.template_id = c.template_id');
    await db.run('DROP TABLE new_messages');
    return { messages: fresh.length, created, lines, seconds: (performance.now() - started) / 1000 };
  });
}
