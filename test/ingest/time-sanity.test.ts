import { describe, expect, it } from 'vitest';
import { copyFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { FIXTURES, cli, counts, memoryStore, rows, tempDir } from '../helpers.js';

const OPENSSH = path.join(FIXTURES, 'real-logs', 'OpenSSH_2k.log');
const SPAN = `SELECT strftime(min(ts), '%Y-%m-%d %H:%M') AS first, strftime(max(ts), '%Y-%m-%d %H:%M') AS last FROM log_lines`;

describe('years of syslog lines that carry none', () => {
  it('are guessed so that no line lies after the file mtime, across New Year too, with one warning', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'auth.log');
    copyFileSync(OPENSSH, file);
    // Written on 2 December 2026: its 10 December lines are from 2025, not eight days in the future.
    utimesSync(file, new Date('2026-12-02T07:00:00Z'), new Date('2026-12-02T07:00:00Z'));
    const store = await memoryStore();
    const logged: string[] = [];
    await ingest(store, [file], { log: (l) => logged.push(l) });
    expect(await rows(store, SPAN)).toEqual([{ first: '2025-12-10 06:55', last: '2025-12-10 11:04' }]);
    expect(logged.filter((l) => l.includes('carry no year'))).toHaveLength(1);

    // A file spanning New Year, last written on 1 January: December is the year before.
    const ny = path.join(dir, 'ny.log');
    writeFileSync(ny, 'Dec 31 23:59:58 gw sshd[1]: Connection closed\nJan  1 00:00:03 gw sshd[2]: Connection closed\n');
    utimesSync(ny, new Date('2027-01-01T00:05:00Z'), new Date('2027-01-01T00:05:00Z'));
    const other = await memoryStore();
    await ingest(other, [ny]);
    expect(await rows(other, SPAN)).toEqual([{ first: '2026-12-31 23:59', last: '2027-01-01 00:00' }]);
  });

  it('--year with --force reloads a file in place: new times, no duplicates, the same counts', () => {
    const dir = tempDir();
    const file = path.join(dir, 'auth.log');
    copyFileSync(OPENSSH, file);
    const db = path.join(dir, 'f.duckdb');
    expect(cli(['ingest', file, '--db', db, '--quiet']).status).toBe(0);
    // Without --force a second run is "unchanged" and keeps what it had.
    expect(cli(['ingest', file, '--db', db, '--year', '2024']).stderr).toMatch(/unchanged/);
    const forced = cli(['ingest', file, '--db', db, '--year', '2024', '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(/reloaded: replaced the 2000 rows it loaded before/);
    const q = cli(['query', "SELECT count(*) AS n, min(year(ts)) AS y0, max(year(ts)) AS y1, (SELECT count(*) FROM auth_events) AS auth, (SELECT count(*) FROM ingested_files) AS files FROM log_lines", '--db', db, '--format', 'json']);
    // 635 = its 522 "Failed", 112 "Invalid user" and 1 "Accepted" lines (real-logs.test.ts counts them from the text).
    expect(JSON.parse(q.stdout)).toEqual([{ n: 2000, y0: 2024, y1: 2024, auth: 635, files: 1 }]);
  });

  it('--force on the library path gives the same tables as one clean load', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'auth.log');
    copyFileSync(OPENSSH, file);
    const once = await memoryStore();
    await ingest(once, [file], { year: 2025 });
    const twice = await memoryStore();
    await ingest(twice, [file], { year: 2025 });
    await ingest(twice, [file], { year: 2025, force: true });
    expect(await counts(twice)).toEqual(await counts(once));
  });

  it('rejects the few lines whose time lies far outside the rest of their file, saying so; they set no range', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.jsonl');
    const ok = Array.from({ length: 100 }, (_, i) => JSON.stringify({ ts: new Date(Date.UTC(2026, 10, 24, 9) + i * 30_000).toISOString(), level: 'info', msg: `handled ${i}`, region: 'lab', host: 'web-1' }));
    // A nanosecond time that overflowed: the year 1754.
    const bad = JSON.stringify({ ts: '1754-08-30T22:43:41.128Z', level: 'error', msg: 'overflowed', region: 'lab', host: 'web-1' });
    writeFileSync(file, [...ok.slice(0, 50), bad, bad, ...ok.slice(50), bad].join('\n') + '\n');
    const store = await memoryStore();
    const run = await ingest(store, [file]);
    expect(run.files[0]).toMatchObject({ lines: 103, rows: 100, rejects: 3 });
    expect(await rows(store, 'SELECT line_no, reason FROM rejects ORDER BY line_no')).toEqual(
      [51, 52, 103].map((line_no) => ({ line_no, reason: 'time 1754-08-30T22:43:41Z lies far outside the rest of the file (2026-11-24 to 2026-11-24)' })),
    );
    expect(await rows(store, "SELECT strftime(min(from_ts), '%Y') AS y FROM bucket_dirty")).toEqual([{ y: '2026' }]);
  });
});
