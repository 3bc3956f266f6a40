import { describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Store } from '../../pipeline/db.js';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { TemplateMiner } from '../../pipeline/rank/miner.js';
import { mineTemplates } from '../../pipeline/rank/templates.js';
import { FIXTURES, cli, memoryStore, num, rows, tempDir } from '../helpers.js';

describe('template miner', () => {
  it('merges messages that differ in a variable, also a non-numeric one, and keeps kinds that differ in one constant word apart', () => {
    const miner = new TemplateMiner();
    const messages = [
      ...['root', 'admin', 'oracle', 'test', 'guest', 'ubuntu'].map((u) => `Failed password for ${u} from <IP> port <NUM> ssh2`),
      '[instance: <UUID>] VM Started (Lifecycle Event)',
      '[instance: <UUID>] VM Paused (Lifecycle Event)',
      '[instance: <UUID>] VM Resumed (Lifecycle Event)',
    ];
    const ids = miner.assign(messages);
    expect(new Set(ids.slice(0, 6)).size).toBe(1);
    expect(new Set(ids.slice(6)).size).toBe(3);
    const patterns = new Map(miner.templates().map((t) => [t.id, t.tokens.join(' ')]));
    expect(patterns.get(ids[0]!)).toBe('Failed password for <*> from <IP> port <NUM> ssh2');
    expect(patterns.get(ids[7]!)).toBe('[instance: <UUID>] VM Paused (Lifecycle Event)');
    // Two word values in one position are two kinds of message, even when one of them is rare.
    const two = new TemplateMiner().assign(['Session <NUM> initialized by client Updater.', 'Session <NUM> initialized by client Licensing.']);
    expect(two[0]).not.toBe(two[1]);
    // Of a key=value token only the key makes a kind: its value is a variable even with few values.
    const kv = new TemplateMiner().assign([
      'getDataEnabled: subId=<NUM> phoneId=<NUM>',
      'getDataEnabled: subId=<NUM> retVal=true',
      'acquire lock tag=Audio, name=android',
      'acquire lock tag=Audio, name=audioserver',
    ]);
    expect(kv[0]).not.toBe(kv[1]);
    expect(kv[2]).toBe(kv[3]);
  });

  it('does not key a kind of message on the component label in front of it', () => {
    const ids = new TemplateMiner().assign(
      ['com.apple.icloud.fmfd.heartbeat:', 'com.apple.Safari.SafeBrowsing.Update:', 'com.apple.CacheDelete.daily:'].map((c) => `${c} scheduler told me to run this job; however, the start time is later`),
    );
    expect(new Set(ids).size).toBe(1);
  });

  it('bounds its templates: beyond the cap a new kind joins the catch-all of its length, and known kinds keep their ids', () => {
    const miner = new TemplateMiner([], 3);
    const kinds = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'].map((w) => `${w} happened to the ${w} service today`);
    const first = miner.assign(kinds.slice(0, 3));
    const later = miner.assign([...kinds.slice(3), kinds[0]!.replace('today', 'today')]);
    expect(new Set(first).size).toBe(3);
    expect(new Set(later.slice(0, 3)).size).toBe(1);
    expect(miner.templates().find((t) => t.id === later[0])!.tokens.every((x) => x === '<*>')).toBe(true);
    expect(later[3]).toBe(first[0]);
    expect(miner.templates()).toHaveLength(4);
  });

  it('masks sizes with any unit and hex ids, but not short names such as ee0 or eth1', async () => {
    const store = await memoryStore();
    const [row] = await rows(store, "SELECT fl_mask('stored (estimated size 93.0 B, free 317.1 KB)') AS a, fl_mask('stored (estimated size 5.2 KB, free 5.2 MiB)') AS b, fl_mask('via interface ee0 and eth1, id 4f3a9c deadbeef01') AS c");
    expect(row!['a']).toBe(row!['b']);
    expect(row!['c']).toBe('via interface ee0 and eth1, id <HEX> <HEX>');
  });

  it('masks a value that only annotates the one before it, so an optional annotation keeps the token count', async () => {
    const store = await memoryStore();
    const [row] = await rows(store, "SELECT fl_mask('host:80 close, 1190 bytes (1.16 KB) sent, 0 bytes received, lifetime 00:02') AS a, fl_mask('host:80 close, 451 bytes sent, 0 bytes received, lifetime 00:17') AS b, fl_mask('wksummary=0x1f,uasummary=0x1') AS c");
    expect(row!['a']).toBe(row!['b']);
    expect(row!['c']).toBe('wksummary=<HEX>,uasummary=<HEX>');
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
    // No template carries an IP address or one of the many user names the attackers tried.
    for (const t of templates) expect(t['pattern']).not.toMatch(/\d+\.\d+\.\d+\.\d+|webmaster|oracle|test|guest/);
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

  it('faultline templates: any log, its templates with counts and examples, and a template_id per input line', () => {
    const dir = tempDir();
    const ids = path.join(dir, 'ids.csv');
    const out = path.join(dir, 'templates.json');
    const log = path.join(FIXTURES, 'real-logs', 'OpenSSH_2k.log');
    const run = cli(['templates', log, '--format', 'text', '--lines', ids, '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    const lines = readFileSync(ids, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('template_id');
    expect(lines).toHaveLength(2001);
    const templates = JSON.parse(readFileSync(out, 'utf8')) as { template_id: number; lines: number; example: string; pattern: string }[];
    expect(templates.reduce((n, t) => n + t.lines, 0)).toBe(2000);
    expect(templates.map((t) => t.lines)).toEqual([...templates.map((t) => t.lines)].sort((a, b) => b - a));
    // Each template's line count is the number of input lines given its id, and its example is one of them.
    const text = readFileSync(log, 'utf8').split('\n');
    for (const t of templates) {
      const mine = lines.slice(1).flatMap((id, k) => (Number(id) === t.template_id ? [text[k]] : []));
      expect(mine).toHaveLength(t.lines);
      expect(mine).toContain(t.example);
    }
    // On a terminal-sized screen: the top ones as a table.
    const table = cli(['templates', log, '--limit', '5']);
    expect(table.stdout).toMatch(/Failed password for <\*> from <IP> port <NUM> ssh2/);
    expect(table.status, table.stderr).toBe(0);
  });
});
