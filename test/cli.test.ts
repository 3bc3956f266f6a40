import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Ajv } from 'ajv';
import { Store } from '../pipeline/db.js';
import { CLI, FIXTURES, ROOT, SAMPLE, cli, counts, num, sampleDb, tempDir } from './helpers.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('faultline ingest (command line)', () => {
  it('reads stdin, plain or gzip, and a re-run of the same input adds nothing', async () => {
    const db = path.join(tempDir(), 'f.duckdb');
    const text = readFileSync(path.join(FIXTURES, 'access-mixed.log'));
    const first = cli(['ingest', '-', '--db', db, '--region', 'stdin-region'], { input: text });
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toContain('loaded - [access]: 6 rows, 2 rejects of 8 lines');
    const again = cli(['ingest', '-', '--db', db], { input: gzipSync(text) });
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('unchanged -');
    const store = await Store.open(db);
    expect(await num(store, "SELECT count(*) FROM http_requests WHERE region = 'stdin-region'")).toBe(6);
    store.close();
  });

  it('reads a pipe named as a path, once, as stdin is (process substitution, a named pipe), gzip or not', () => {
    const dir = tempDir();
    const db = path.join(dir, 'f.duckdb');
    const log = path.join(FIXTURES, 'access-mixed.log');
    // Through bash's process substitution: the path is /dev/fd/N, a pipe.
    const substituted = spawnSync('bash', ['-c', `${JSON.stringify(process.execPath)} "$@" <(gzip -c ${JSON.stringify(log)})`, 'bash', CLI, 'ingest', '--db', db], { encoding: 'utf8' });
    expect(substituted.status, substituted.stderr).toBe(0);
    expect(substituted.stderr).toMatch(/loaded \/dev\/fd\/\d+ \[access\]: 6 rows, 2 rejects of 8 lines/);
    // A named pipe with a writer on the other end.
    const fifo = path.join(dir, 'access.pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const writer = spawn('sh', ['-c', `cat ${JSON.stringify(log)} > ${JSON.stringify(fifo)}`]);
    const named = cli(['ingest', fifo, '--db', db]);
    writer.kill();
    expect(named.status, named.stderr).toBe(0);
    expect(named.stderr).toContain(`unchanged ${fifo}`);
  });

  it('exits 1 naming the file that cannot be read, after loading the others', () => {
    const db = path.join(tempDir(), 'f.duckdb');
    const run = cli(['ingest', path.join(FIXTURES, 'access-mixed.log'), 'no/such/file.log', '--db', db, '--quiet']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('error: no/such/file.log: no such file or directory');
    expect(run.stderr).toContain('ingest: 1 files loaded (8 lines, 6 rows, 2 rejects');
  });

  it('exits 2 on bad usage, saying what is expected', () => {
    const unknownFormat = cli(['ingest', 'x.log', '--format', 'csv', '--db', ':memory:']);
    expect(unknownFormat.status).toBe(2);
    expect(unknownFormat.stderr).toContain("Allowed choices are access, jsonl, influx, vpcflow, syslog");
    const noPath = cli(['ingest']);
    expect(noPath.status).toBe(2);
    expect(noPath.stderr).toContain("missing required argument 'paths'");
    const unknownOption = cli(['ingest', 'x.log', '--frobnicate']);
    expect(unknownOption.status).toBe(2);
  });
});

describe('faultline run on sample-logs', () => {
  it('loads every line of the bundled sample, prints a per-region summary, and a second run changes nothing', async () => {
    const db = path.join(tempDir(), 'f.duckdb');
    const args = ['run', SAMPLE, '--db', db, '--inventory', path.join(SAMPLE, 'inventory.csv')];
    const first = cli(args);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^region\s+requests\s+pct_5xx\s+p95_ms/);
    for (const region of ['eu-central-1', 'us-east-1', 'ap-southeast-1']) expect(first.stdout).toContain(region);

    let store = await Store.open(db);
    const before = await counts(store);
    // For every file: lines = loaded lines + rejects + ignored, and lines = the file's own non-empty lines.
    const manifest = await store.main.all('SELECT path, format, lines, lines_loaded, rejects, ignored FROM ingested_files');
    expect(new Set(manifest.map((f) => f['format']))).toEqual(new Set(['access', 'jsonl', 'influx', 'vpcflow', 'syslog']));
    for (const f of manifest) {
      expect((f['lines_loaded'] as number) + (f['rejects'] as number) + (f['ignored'] as number)).toBe(f['lines']);
      const raw = readFileSync(f['path'] as string);
      const text = (f['path'] as string).endsWith('.gz') ? gunzipSync(raw).toString() : raw.toString();
      expect(f['lines'], f['path'] as string).toBe(text.split('\n').filter((l) => l !== '').length);
    }
    // Every log file of the sample loaded (only truth.json and inventory.csv are not logs).
    const logFiles = filesUnder(SAMPLE).filter((f) => !/(truth\.json|inventory\.csv)$/.test(f));
    expect(manifest.map((f) => f['path']).sort()).toEqual(logFiles.sort());
    expect(await num(store, 'SELECT count(*) FROM rejects')).toBe(0);
    store.close();

    const second = cli(args);
    expect(second.status).toBe(0);
    store = await Store.open(db);
    expect(await counts(store)).toEqual(before);
    store.close();
  });
});

describe('faultline run --json --exit-code', () => {
  it('prints the incidents JSON document (docs/incidents.schema.json) on stdout, and exits 0 with --exit-code when every incident is resolved', () => {
    // On the loaded sample (the test above loads it afresh): the document is the same either way.
    const db = sampleDb();
    const run = cli(['run', SAMPLE, '--db', db, '--inventory', path.join(SAMPLE, 'inventory.csv'), '--json', '--quiet', '--exit-code']);
    // The sample's incidents are all over by the end of its data: resolved ones do not page.
    expect(run.status, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    // The document the repository describes in docs/incidents.schema.json.
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(path.join(ROOT, 'docs', 'incidents.schema.json'), 'utf8')));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.window).toEqual({ start: '2026-11-24T07:00:00Z', end: '2026-11-24T10:00:00Z' });
    expect(doc.incidents.length).toBeGreaterThan(0);
    for (const i of doc.incidents) {
      expect(Object.keys(i)).toEqual(expect.arrayContaining(['id', 'start', 'end', 'regions', 'symptoms', 'severity', 'causes', 'impact', 'summary']));
      expect(i.id).toMatch(/^inc-\d{8}-\d{4}-[a-z0-9-]+$/);
      expect(i.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(['low', 'medium', 'high', 'critical']).toContain(i.severity);
      expect(i.symptoms.every((s: string) => ['overload', 'congestion', 'error_spike', 'auth_failures'].includes(s))).toBe(true);
      expect(i.status).toBe('resolved');
      expect(i.phases.map((p: { region: string }) => p.region)).toEqual(i.regions);
      for (const p of i.phases) expect(Object.keys(p)).toEqual(['region', 'detected', 'worst', 'recovering', 'resolved']);
      expect(Object.keys(i.impact)).toEqual(expect.arrayContaining(['requests', 'failed_requests', 'clients']));
      const scores = i.causes.map((c: { score: number }) => c.score);
      expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    }
    // Without --exit-code the same run exits 0; `incidents` reads the same document back.
    expect(cli(['detect', '--db', db, '--quiet']).status).toBe(0);
    const again = cli(['incidents', '--db', db, '--json']);
    expect(JSON.parse(again.stdout)).toEqual(doc);
  });
});
