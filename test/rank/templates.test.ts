import { describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Store } from '../../pipeline/db.js';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { Drain } from '../../pipeline/rank/drain.js';
import { mineTemplates } from '../../pipeline/rank/templates.js';
import { FIXTURES, memoryStore, num, rows, tempDir } from '../helpers.js';

describe('template miner', () => {
  it('masks variables and merges messages that differ in a token', () => {
    const drain = new Drain();
    const a = drain.add('Failed password for root from <IP> port <NUM> ssh2');
    const b = drain.add('Failed password for admin from <IP> port <NUM> ssh2');
    const c = drain.add('Accepted publickey for deploy from <IP> port <NUM> ssh2');
    expect(b.template.id).toBe(a.template.id);
    expect(b.template.tokens.join(' ')).toBe('Failed password for <*> from <IP> port <NUM> ssh2');
    expect(c.template.id).not.toBe(a.template.id);
  });

  it('gives the real OpenSSH log one template per message kind, not one per user or IP', async () => {
    const store = await memoryStore();
    await ingest(store, [path.join(FIXTURES, 'real-logs', 'OpenSSH_2k.log')], { year: 2025 });
    const run = await mineTemplates(store);
    expect(run.lines).toBe(2000);
    expect(await num(store, 'SELECT count(*) FROM log_lines WHERE template_id IS NULL')).toBe(0);
    const templates = await rows(store, 'SELECT pattern, lines FROM templates ORDER BY lines DESC');
    expect(templates.length).toBeLessThanOrEqual(30);
    expect(templates.map((t) => t['pattern'])).toContain('Failed password for <*> from <IP> port <NUM> ssh2');
    // No template carries an IP address or a user name the attackers tried.
    for (const t of templates) expect(t['pattern']).not.toMatch(/\d+\.\d+\.\d+\.\d+|webmaster|oracle|admin /);
    // Every "Failed password for X from ..." line shares one template.
    expect(
      await num(store, `SELECT count(DISTINCT template_id) FROM log_lines WHERE regexp_matches(message, '^Failed password for \\S+ from') AND message NOT LIKE '%invalid user%'`),
    ).toBe(1);
  });

  it('keeps template ids across runs and database reopenings', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'f.duckdb');
    const log = path.join(dir, 'auth.log');
    const lines = readFileSync(path.join(FIXTURES, 'real-logs', 'OpenSSH_2k.log'), 'utf8').split('\n');
    writeFileSync(log, lines.slice(0, 1000).join('\n') + '\n');
    let store = await Store.open(db);
    await ingest(store, [log], { year: 2025 });
    await mineTemplates(store);
    const before = await rows(store, 'SELECT template_id, pattern FROM templates ORDER BY template_id');
    store.close();

    appendFileSync(log, lines.slice(1000).join('\n'));
    store = await Store.open(db);
    await ingest(store, [log], { year: 2025 });
    const run = await mineTemplates(store);
    expect(run.lines).toBe(1000);
    // A message seen yesterday has yesterday's template.
    const same = await rows(
      store,
      `SELECT count(DISTINCT template_id) AS ids FROM log_lines WHERE message LIKE 'Failed password for root from %'`,
    );
    expect(same).toEqual([{ ids: 1 }]);
    const after = await rows(store, 'SELECT template_id FROM templates ORDER BY template_id');
    expect(after.slice(0, before.length).map((r) => r['template_id'])).toEqual(before.map((r) => r['template_id']));
    store.close();
  });
});
