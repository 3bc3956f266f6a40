import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, ROOT, cli, tempDir } from './helpers.js';

const SAMPLE = path.join(ROOT, 'sample-logs');

describe('the edges a user meets', () => {
  it('prints its version', () => {
    const run = cli(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('commands that only read never create a database: one line naming it, exit 1', () => {
    const dir = tempDir();
    const db = path.join(dir, 'typo.duckdb');
    for (const args of [['incidents'], ['report', '--out', path.join(dir, 'r.html')], ['query', 'SELECT 1'], ['eval', '--truth', path.join(SAMPLE, 'truth.json')], ['export', '--parquet', path.join(dir, 'pq')]]) {
      const run = cli([...args, '--db', db]);
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr).toBe(`faultline: no such database: ${db} (run \`faultline ingest\` first, or give --db)\n`);
      expect(existsSync(db)).toBe(false);
    }
  });

  it('checks output locations before any work: one line naming the path, exit 1, nothing ingested, no stack', () => {
    const dir = tempDir();
    const db = path.join(dir, 'f.duckdb');
    const missing = path.join(dir, 'no', 'such');
    for (const [option, args] of [
      ['--prom', ['run', SAMPLE, '--db', db, '--exit-code', '--prom', path.join(missing, 'f.prom')]],
      ['--report', ['run', SAMPLE, '--db', db, '--report', path.join(missing, 'r.html')]],
      ['--out', ['score', path.join(ROOT, 'test', 'fixtures', 'access-mixed.log'), '--out', path.join(missing, 's.csv')]],
      ['--lines', ['templates', SAMPLE, '--lines', path.join(missing, 'ids.csv')]],
    ] as const) {
      const run = cli([...args]);
      expect(run.status, option).toBe(1);
      expect(run.stderr).toBe(`faultline: ${option} ${args.at(-1)}: no such directory ${missing}\n`);
      expect(existsSync(db)).toBe(false);
    }
  });

  it('a usage error is one line and where to look, exit 2', () => {
    const run = cli(['ingest', 'x.log', '--frobnicate']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("error: unknown option '--frobnicate'\n(see faultline --help, or faultline COMMAND --help)\n");
  });

  it('FAULTLINE_DB is the database when --db is not given', () => {
    const dir = tempDir();
    const db = path.join(dir, 'env.duckdb');
    const run = spawnSync(process.execPath, [CLI, 'ingest', path.join(ROOT, 'test', 'fixtures', 'access-mixed.log'), '--quiet'], {
      cwd: dir, env: { ...process.env, FAULTLINE_DB: db }, encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(db)).toBe(true);
    expect(existsSync(path.join(dir, 'faultline.duckdb'))).toBe(false);
  });

  it('says in one line why nothing was found, in detect and in incidents', () => {
    const dir = tempDir();
    const db = path.join(dir, 'f.duckdb');
    const log = path.join(ROOT, 'test', 'fixtures', 'real-logs', 'OpenSSH_2k.log');
    // The first 40 lines of a real sshd log (half an hour, logs only, no attack in it yet).
    const short = path.join(dir, 'auth.log');
    writeFileSync(short, readFileSync(log, 'utf8').split('\n').slice(0, 40).join('\n') + '\n');
    const run = cli(['run', short, '--db', db, '--region', 'lab', '--year', '2025']);
    expect(run.status, run.stderr).toBe(0);
    const line = /no incidents; \d+ minutes judged, \d+ minutes of warm-up or too little history not judged, no request or metric data for region lab \(logs only\)/;
    expect(run.stderr).toMatch(line);
    expect(cli(['incidents', '--db', db]).stderr).toMatch(line);
  });
});
