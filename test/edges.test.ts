import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { CLI, ROOT, SAMPLE, cli, sampleDb, tempDir } from './helpers.js';
import { bucketOption, parseDuration, timeBoundOption } from '../pipeline/cli/options.js';

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

  it('one time syntax: durations (15m, 1h30m, 1.5h, 90min, 2d) or ISO times, sizes as DuckDB reads them; a bare number is refused', () => {
    for (const [text, seconds] of [['15m', 900], ['1h30m', 5400], ['1.5h', 5400], ['90min', 5400], ['2d', 172_800], ['1 hour', 3600]] as const) {
      expect(parseDuration(text), text).toBe(seconds);
      expect(timeBoundOption(text), text).toEqual({ ago: seconds });
    }
    expect(timeBoundOption('2026-11-24T08:00:00Z')).toEqual({ at: '2026-11-24T08:00:00.000Z' });
    expect(timeBoundOption('2026-11-24T08:00')).toEqual({ at: '2026-11-24T08:00:00.000Z' });
    expect(timeBoundOption('2026-11-24')).toEqual({ at: '2026-11-24T00:00:00.000Z' });
    for (const bad of ['1', '2024', 'soon', '-1h', '2026-13-45']) expect(() => timeBoundOption(bad), bad).toThrow(/ISO 8601 time .* or a duration/);
    expect(() => bucketOption('1s')).toThrow(/from 10s to 1d/);

    const db = path.join(tempDir(), 'f.duckdb');
    const bare = cli(['run', SAMPLE, '--db', db, '--since', '1']);
    expect(bare.status).toBe(2);
    expect(bare.stderr.trim().split('\n')).toHaveLength(2);
    expect(existsSync(db)).toBe(false);
    const size = cli(['ingest', path.join(ROOT, 'test', 'fixtures', 'access-mixed.log'), '--db', db, '--memory-limit', 'lots']);
    expect(size.status).toBe(2);
    expect(size.stderr).toBe('faultline: --memory-limit lots: expected a size such as 512MB, 1G or 2GiB (see faultline --help)\n');
    expect(existsSync(db)).toBe(false);
    // On the loaded sample, `run` finds every file unchanged and detects over the window asked for.
    const run = cli(['run', SAMPLE, '--db', sampleDb(), '--memory-limit', '1G', '--since', '1h30m', '--json', '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as { window: { start: string; end: string } };
    expect(Date.parse(doc.window.end) - Date.parse(doc.window.start)).toBe(5400_000);
  });

  it('loads commands lazily: --help loads neither DuckDB, Arrow nor Vega; ingest never loads Vega', () => {
    // A resolve hook (node:module register) writes down every ES module the process loads, and
    // at exit the CommonJS ones (require's cache) are added.
    const dir = tempDir();
    writeFileSync(path.join(dir, 'hooks.mjs'), "import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.TRACE, r.url + '\\n'); return r; }\n");
    writeFileSync(
      path.join(dir, 'register.mjs'),
      `import { register, createRequire } from 'node:module';\nimport { appendFileSync } from 'node:fs';\n` +
        `register(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});\n` +
        `const cache = createRequire(import.meta.url).cache;\n` +
        `process.on('exit', () => appendFileSync(process.env.TRACE, Object.keys(cache).join('\\n') + '\\n'));\n`,
    );
    const loaded = (args: string[]): string => {
      const trace = path.join(dir, `trace-${args[0]}.txt`);
      const run = spawnSync(process.execPath, ['--import', path.join(dir, 'register.mjs'), CLI, ...args], { encoding: 'utf8', env: { ...process.env, TRACE: trace } });
      expect(run.status, run.stderr).toBe(0);
      return readFileSync(trace, 'utf8');
    };
    const help = loaded(['--help']);
    expect(help).toContain('commander');
    expect(help).not.toMatch(/@duckdb|apache-arrow|vega/);
    const ingest = loaded(['ingest', path.join(ROOT, 'test', 'fixtures', 'access-mixed.log'), '--db', ':memory:', '--quiet']);
    expect(ingest).toContain('@duckdb');
    expect(ingest).not.toMatch(/vega/);
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

  it('FAULTLINE_THREADS caps the threads of the engine; anything but a whole number is one line, exit 1', () => {
    const threads = (value: string) => cli(['query', "SELECT current_setting('threads') AS t", '--db', ':memory:', '--format', 'csv'], { env: { FAULTLINE_THREADS: value } });
    expect(threads('1').stdout).toBe('t\n1\n');
    expect(threads('3').stdout).toBe('t\n3\n');
    const bad = threads('lots');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('faultline: FAULTLINE_THREADS=lots: expected a whole number of threads, 1 or more\n');
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
