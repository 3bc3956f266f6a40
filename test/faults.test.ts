import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Store } from '../pipeline/db.js';
import { CLI, FIXTURES, SAMPLE, cli, counts, tempDir } from './helpers.js';

function runAsync(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (status) => resolve({ status, stderr }));
  });
}

describe('two runs at once', () => {
  it('on one database: the second waits for the first, and the result equals one run', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'f.duckdb');
    // One region of the sample (its access, flow, app logs and metrics): enough for an incident,
    // and a fraction of the time of the whole sample, three times over.
    const logs = ['region=eu-central-1', 'app/eu-central-1.jsonl', 'metrics/telegraf-eu-central-1.influx'].map((p) => path.join(SAMPLE, p));
    const args = ['run', ...logs, '--inventory', path.join(SAMPLE, 'inventory.csv'), '--quiet', '--json'];
    const [a, b] = await Promise.all([runAsync([...args, '--db', db]), runAsync([...args, '--db', db])]);
    expect([a.status, b.status], a.stderr + b.stderr).toEqual([0, 0]);
    const once = path.join(dir, 'once.duckdb');
    const single = cli([...args, '--db', once]);
    expect(single.status).toBe(0);
    expect(JSON.parse(single.stdout).incidents.length).toBeGreaterThan(0);
    const [x, y] = [await Store.open(db), await Store.open(once)];
    expect(await counts(x)).toEqual(await counts(y));
    x.close();
    y.close();
  });
});

describe('bad usage and bad places', () => {
  it('a database file that is not DuckDB: one line, exit 1, the file untouched', () => {
    const dir = tempDir();
    const db = path.join(dir, 'notes.duckdb');
    writeFileSync(db, 'these are my notes, not a database\n'.repeat(100));
    const run = cli(['ingest', path.join(FIXTURES, 'access-mixed.log'), '--db', db]);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(new RegExp(`^faultline: cannot open database ${db.replace(/[.]/g, '\\.')}: `));
    expect(spawnSync('head', ['-c', '34', db], { encoding: 'utf8' }).stdout).toBe('these are my notes, not a database');
  });

  it('a directory with no logs in it: nothing loaded, listed as skipped, exit 0', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'README.txt'), 'nothing here\n');
    const run = cli(['ingest', dir, '--db', ':memory:']);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('skipped');
    expect(run.stderr).toContain('ingest: 0 files loaded');
  });

  it.skipIf(process.getuid?.() === 0)('a read-only database location: one line, exit 1, nothing written', () => {
    const dir = tempDir();
    const ro = path.join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    const run = cli(['ingest', path.join(FIXTURES, 'access-mixed.log'), '--db', path.join(ro, 'f.duckdb')]);
    chmodSync(ro, 0o700);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^faultline: cannot open database .*f\.duckdb: .*\n$/);
    expect(readdirSync(ro)).toEqual([]);
  });

  it('a database path under a file (not a directory): one line, exit 1', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'plain'), 'x');
    const run = cli(['ingest', path.join(FIXTURES, 'access-mixed.log'), '--db', path.join(dir, 'plain', 'f.duckdb')]);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^faultline: cannot open database /);
  });
});

// A full disk, simulated with a 3 MB tmpfs (needs root and mount; skipped elsewhere).
const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;

describe.skipIf(!canMount)('a full disk', () => {
  it('fails the load with one line naming the database, and leaves the store as it was', async () => {
    const dir = tempDir();
    const mnt = path.join(dir, 'tiny');
    mkdirSync(mnt);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt]).status === 0;
    if (!mounted) return;
    try {
      const db = path.join(mnt, 'f.duckdb');
      expect(cli(['ingest', path.join(FIXTURES, 'access-mixed.log'), '--db', db, '--quiet']).status).toBe(0);
      const big = path.join(dir, 'big.log');
      const line = '203.0.113.7 - - [24/Nov/2026:10:00:00 +0000] "GET /x HTTP/1.1" 200 1 "-" "' + 'a'.repeat(300);
      writeFileSync(big, Array.from({ length: 60_000 }, (_, i) => `${line}${i}" 0.1`).join('\n') + '\n');
      const run = cli(['ingest', big, '--db', db]);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/error: .*big\.log: .*(space|disk|write)/i);
      const store = await Store.open(db);
      const [row] = await store.main.all('SELECT count(*) AS n, (SELECT count(*) FROM ingested_files) AS files FROM http_requests');
      store.close();
      // The first file only: the failed load left nothing behind.
      expect(row).toEqual({ n: 6, files: 1 });
    } finally {
      spawnSync('umount', [mnt]);
    }
    expect(existsSync(mnt)).toBe(true);
  });
});
