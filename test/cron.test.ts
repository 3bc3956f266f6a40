import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Store } from '../pipeline/db.js';
import { SCENARIOS, generate } from '../scripts/gen-sample-logs.js';
import { cli, counts, tempDir } from './helpers.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The time of an access or JSON line, read here independently of faultline. */
function timeOf(line: string): number {
  if (line.startsWith('{')) return Date.parse(JSON.parse(line).ts);
  const m = /\[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)\]/.exec(line)!;
  const local = Date.UTC(+m[3]!, MONTHS.indexOf(m[2]!), +m[1]!, +m[4]!, +m[5]!, +m[6]!);
  return local - (m[7] === '-' ? -1 : 1) * (+m[8]! * 60 + +m[9]!) * 60_000;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? filesUnder(path.join(dir, n)) : [path.join(dir, n)]));
}

describe('cron: run --since over a growing log', () => {
  it('reads only what is new, counts nothing twice, and exits 3 only while an incident is open', async () => {
    const world = path.join(tempDir(), 'world');
    generate({ ...SCENARIOS.sample, out: world, seed: 4, rotate: false });
    const sources = filesUnder(world).filter((f) => /access\.log$|\.jsonl$/.test(f));
    const live = path.join(tempDir(), 'live');
    const db = path.join(tempDir(), 'f.duckdb');
    const prom = path.join(tempDir(), 'faultline.prom');
    const runTo = (cut: string): ReturnType<typeof cli> => {
      // The logs grow to `cut`: each file gets the lines it had by then (appended, as a server does).
      for (const f of sources) {
        const target = path.join(live, path.relative(world, f));
        mkdirSync(path.dirname(target), { recursive: true });
        const lines = readFileSync(f, 'utf8').split('\n').filter((l) => l && timeOf(l) < Date.parse(cut));
        writeFileSync(target, lines.length ? lines.join('\n') + '\n' : '');
      }
      return cli(['run', live, '--db', db, '--since', '15m', '--quiet', '--exit-code', '--json', '--prom', prom]);
    };

    // 07:00–07:30: nothing wrong.
    const first = runTo('2026-11-24T07:30:00Z');
    expect(first.status, first.stderr + first.stdout).toBe(0);
    expect(JSON.parse(first.stdout).incidents).toEqual([]);
    expect(readFileSync(prom, 'utf8')).toContain('faultline_lines_ingested_total');
    // To 07:50: the bad deploy (07:40–07:55) is under way: open, it pages.
    const during = runTo('2026-11-24T07:50:00Z');
    expect(during.status, during.stderr).toBe(3);
    const open = JSON.parse(during.stdout);
    expect(open.incidents.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([['inc-20261124-0740-eu-central-1', 'open']]);
    expect(open.incidents[0].phases).toEqual([expect.objectContaining({ region: 'eu-central-1', detected: '2026-11-24T07:40:00Z', resolved: null })]);
    expect(readFileSync(prom, 'utf8')).toMatch(/faultline_open_incidents\{region="eu-central-1",symptom="error_spike",cause="bad_deploy"\} 1/);
    // To 08:00: it ended at 07:55, within the last 15 minutes: listed, resolved, and it no longer pages.
    const second = runTo('2026-11-24T08:00:00Z');
    expect(second.status, second.stderr).toBe(0);
    const after = JSON.parse(second.stdout);
    expect(after.window).toEqual({ start: '2026-11-24T07:45:00Z', end: '2026-11-24T08:00:00Z' });
    expect(after.incidents.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([['inc-20261124-0740-eu-central-1', 'resolved']]);
    expect(after.incidents[0].phases[0].resolved).toBe('2026-11-24T07:55:00Z');
    expect(readFileSync(prom, 'utf8')).not.toMatch(/faultline_open_incidents\{/);
    expect(readFileSync(prom, 'utf8')).toMatch(/^faultline_resolved_incidents 1$/m);
    // To 08:44: the database failure (08:10–08:28) is over before 08:29; nothing open (the overload starts at 08:45).
    const third = runTo('2026-11-24T08:44:00Z');
    expect(third.status, third.stderr).toBe(0);
    expect(JSON.parse(third.stdout).incidents).toEqual([]);
    expect(third.stderr).toMatch(/ingest: 12 files loaded/);

    // Nothing counted twice: the same final files loaded once into a fresh database.
    let store = await Store.open(db);
    const incremental = await counts(store);
    const found = await store.main.all('SELECT id FROM incidents ORDER BY id');
    store.close();
    const fresh = path.join(tempDir(), 'fresh.duckdb');
    expect(cli(['run', live, '--db', fresh, '--quiet', '--json']).status).toBe(0);
    store = await Store.open(fresh);
    expect(incremental).toEqual({ ...(await counts(store)), ingested_files: incremental.ingested_files });
    expect(await store.main.all('SELECT id FROM incidents ORDER BY id')).toEqual(found);
    store.close();
  });

  it('a second run on a database in use waits, then exits 1 naming the holder', async () => {
    const db = path.join(tempDir(), 'f.duckdb');
    const holder = await Store.open(db);
    const second = cli(['incidents', '--db', db, '--lock-timeout', '1']);
    holder.close();
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`^faultline: database ${db.replace(/[.]/g, '\\.')} is in use by another process \\(PID \\d+\\); waited 1 s \\(--lock-timeout to wait longer\\)\\n$`));
    // Once released, it opens.
    expect(cli(['incidents', '--db', db]).status).toBe(0);
  });
});
