import type { Store } from '../db.js';
import { Drain, type Template } from './drain.js';

export interface TemplateRun {
  /** New distinct masked messages seen. */
  messages: number;
  created: number;
  lines: number;
  seconds: number;
}

/**
 * Give every log line not yet templated its `template_id`: mask the new messages in SQL, feed
 * the distinct masked ones to the Drain tree rebuilt from the `templates` table, remember each
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
      (r): Template => ({ id: r['template_id'] as number, tokens: Drain.tokens(r['pattern'] as string) }),
    );
    const drain = new Drain(existing);
    const touched = new Map<number, { pattern: string; firstSeen: string }>();
    const members: [string, number][] = [];
    let created = 0;
    for (const row of fresh) {
      const { template, created: isNew } = drain.add(row['masked'] as string);
      if (isNew) created++;
      const before = touched.get(template.id);
      touched.set(template.id, { pattern: template.tokens.join(' '), firstSeen: before?.firstSeen ?? (row['first_seen'] as string) });
      members.push([row['masked'] as string, template.id]);
    }
    for (const [id, t] of touched) {
      await db.runFile('rank/upsert-template', { id, pattern: t.pattern, first_seen: t.firstSeen });
    }
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
