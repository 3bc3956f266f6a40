/**
 * `npm run bench`: ingest speed against DuckDB's own reader of the same file, in the same run.
 *
 * For each format, a generated file of BENCH_LINES lines (default 1,000,000) is loaded
 *  - by faultline's ingest (the library function, into a fresh database file), and
 *  - by DuckDB natively into a plain table (the engine's own speed: our ceiling), or where
 *    DuckDB has no reader (influx, syslog), read and split into lines in Node (the floor),
 * each in its own process (so peak RSS is its own), three times; medians are reported, with
 * the ratio faultline / native in lines per second.
 *
 *   npm run bench                       # all formats, 1M lines
 *   BENCH_LINES=200000 npm run bench    # quicker
 *   BENCH_FORMATS=access,jsonl npm run bench   # some formats
 *   BENCH_PARTS=ingest,parallel,detect,scale,templates,pile,e2e,score    # which tables (default all)
 *   BENCH_SCORE_DIR=path/to/csvs       # score: series to score (timestamp,value CSVs; default a generated one)
 *
 * Then: 4 access files of BENCH_LINES/4 lines at --concurrency 1, 2, 4 against 1 file alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_FORMATS, NATIVE_SQL, writeBenchFile, writeKindsFile, type BenchFormat, type BenchMode } from './bench-data.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const dataDir = path.join(root, 'bench-data');
const lines = Number(process.env['BENCH_LINES'] ?? 1_000_000);
const runs = Number(process.env['BENCH_RUNS'] ?? 3);

interface Measure {
  seconds: number;
  rssMiB: number;
  rows: number;
  /** faultline: a second ingest of the same input (nothing new). */
  rerunSeconds?: number;
}

function measure(mode: BenchMode, format: BenchFormat | 'auto', file: string, concurrency?: number): Measure {
  const db = path.join(dataDir, `bench-${mode}-${format}.duckdb`);
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const args = [path.join(here, 'bench-one.js'), mode, format, file, db, ...(concurrency ? [String(concurrency)] : [])];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  if (child.status !== 0) throw new Error(`bench-one ${mode} ${format} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Measure;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(): void {
  mkdirSync(dataDir, { recursive: true });
  const formats = (process.env['BENCH_FORMATS']?.split(',') as BenchFormat[] | undefined) ?? BENCH_FORMATS;
  process.stderr.write(`bench: ${lines} lines per format, ${runs} runs each, ${os.cpus().length} cores, node ${process.version}\n`);
  const table: string[] = [
    '| format | lines | MB | faultline lines/s | faultline MB/s | faultline peak RSS | reference | reference lines/s | reference peak RSS | ratio |',
    '|---|---:|---:|---:|---:|---:|---|---:|---:|---:|',
  ];
  const parts = new Set((process.env['BENCH_PARTS'] ?? 'ingest,parallel,detect,scale,templates,pile,e2e,score').split(','));
  for (const format of parts.has('ingest') ? formats : []) {
    const file = path.join(dataDir, `${format}-${lines}.log`);
    if (!existsSync(file)) {
      process.stderr.write(`bench: generating ${file}\n`);
      writeBenchFile(format, file, lines);
    }
    const mb = statSync(file).size / 1e6;
    const ours: Measure[] = [];
    const native: Measure[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternate, so drift in the machine's speed hits both alike.
      native.push(measure('native', format, file));
      ours.push(measure('faultline', format, file));
    }
    const t = median(ours.map((m) => m.seconds));
    const n = median(native.map((m) => m.seconds));
    process.stderr.write(`bench: ${format}: faultline rows ${ours[0]!.rows}, reference rows ${native[0]!.rows}\n`);
    const reference = NATIVE_SQL[format] === undefined ? 'Node read + split (floor)' : 'DuckDB native';
    const row =
      `| ${format} | ${lines} | ${mb.toFixed(0)} | ${Math.round(lines / t).toLocaleString('en-US')} | ${(mb / t).toFixed(1)} | ` +
      `${median(ours.map((m) => m.rssMiB)).toFixed(0)} MiB | ${reference} | ${Math.round(lines / n).toLocaleString('en-US')} | ` +
      `${median(native.map((m) => m.rssMiB)).toFixed(0)} MiB | ${(n / t).toFixed(2)}× |`;
    table.push(row);
    process.stderr.write(`bench: ${row}\n`);
  }
  if (parts.has('ingest')) process.stdout.write(table.join('\n') + '\n\n');
  if (parts.has('parallel')) process.stdout.write(parallelTable() + '\n\n');
  if (parts.has('detect')) process.stdout.write(detectTable() + '\n\n');
  if (parts.has('scale')) process.stdout.write(scaleTable() + '\n\n');
  if (parts.has('templates')) process.stdout.write(templatesTable() + '\n\n');
  if (parts.has('pile')) process.stdout.write(pileTable() + '\n\n');
  if (parts.has('e2e')) process.stdout.write(endToEndTable() + '\n\n');
  if (parts.has('score')) process.stdout.write(scoreTable() + '\n');
}

/**
 * Scale: 1M, 5M and 20M access lines (4 regions, one file each) plus their metrics, ingested and
 * detected in one process with the default memory_limit; time and peak RSS per size.
 */
function scaleTable(): string {
  const sizes = (process.env['BENCH_SCALE_SIZES'] ?? '1000000,5000000,20000000').split(',').map(Number);
  // BENCH_SCALE_DAYS=90: the same lines over 90 days with gaps (weekends, a 10-day outage).
  const days = Number(process.env['BENCH_SCALE_DAYS'] ?? 1);
  const out = [`| access lines (${days} d) | + metric lines | ingest s | lines/s | detect s | peak RSS |`, '|---:|---:|---:|---:|---:|---:|'];
  for (const n of sizes) {
    const dir = path.join(dataDir, days > 1 ? `scale-${n}-${days}d` : `scale-${n}`);
    if (!existsSync(dir)) {
      process.stderr.write(`bench: generating ${dir}\n`);
      for (let r = 1; r <= 4; r++) {
        mkdirSync(path.join(dir, `region=r${r}`), { recursive: true });
        writeBenchFile('access', path.join(dir, `region=r${r}`, 'access.log'), Math.floor(n / 4), 100 + r, days);
      }
      writeBenchFile('influx', path.join(dir, 'metrics.influx'), Math.floor(n / 50), 42, days);
    }
    const db = path.join(dataDir, `bench-scale-${n}.duckdb`);
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    const child = spawnSync(process.execPath, [path.join(here, 'bench-scale.js'), dir, db], { encoding: 'utf8' });
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    if (child.status !== 0) throw new Error(`bench-scale failed: ${child.stderr}`);
    const m = JSON.parse(child.stdout) as Record<string, number>;
    const row =
      `| ${n.toLocaleString('en-US')} | ${Math.floor(n / 50).toLocaleString('en-US')} | ${m['ingestSeconds']!.toFixed(1)} | ` +
      `${Math.round(m['lines']! / m['ingestSeconds']!).toLocaleString('en-US')} | ${m['detectSeconds']!.toFixed(1)} | ${m['rssMiB']!.toFixed(0)} MiB |`;
    out.push(row);
    process.stderr.write(`bench: scale ${row}\n`);
  }
  return out.join('\n');
}

/**
 * Templates: a JSON log of BENCH_LINES lines of 2,000 message kinds with variables in them,
 * ingested and detected in one process; the templating stage's lines/s, the peak RSS, and
 * templating's share of ingest + detect.
 */
function templatesTable(): string {
  const kinds = 2000;
  const dir = path.join(dataDir, `kinds-${lines}`);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    writeKindsFile(path.join(dir, 'app.jsonl'), lines, kinds);
  }
  const db = path.join(dataDir, 'bench-templates.duckdb');
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const child = spawnSync(process.execPath, [path.join(here, 'bench-scale.js'), dir, db], { encoding: 'utf8' });
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  if (child.status !== 0) throw new Error(`bench-scale (templates) failed: ${child.stderr}`);
  const m = JSON.parse(child.stdout) as Record<string, number>;
  const out = [
    '| lines | kinds | ingest s | detect s | of which templates s | templated lines/s | templates share of ingest + detect | peak RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${m['lines']!.toLocaleString('en-US')} | ${kinds.toLocaleString('en-US')} | ${m['ingestSeconds']!.toFixed(1)} | ${m['detectSeconds']!.toFixed(1)} | ` +
      `${m['templatesSeconds']!.toFixed(1)} | ${Math.round(m['lines']! / m['templatesSeconds']!).toLocaleString('en-US')} | ` +
      `${((100 * m['templatesSeconds']!) / (m['ingestSeconds']! + m['detectSeconds']!)).toFixed(0)}% | ${m['rssMiB']!.toFixed(0)} MiB |`,
  ];
  process.stderr.write(`bench: templates ${out[2]}\n`);
  return out.join('\n');
}

/**
 * End to end on one access log of 2 × BENCH_LINES lines: `faultline run FILE --report
 * report.html` (ingest, detect, the HTML report) against goaccess's HTML report of the same
 * file (`goaccess FILE --log-format=COMBINED -o report.html`), when goaccess is installed
 * (Debian package `goaccess`); wall time of each process, as a ratio: faultline's is the mean of a
 * run just before goaccess's and one just after. Beside them, the engine's own floor: DuckDB's
 * CSV reader alone reading the same file into typed columns (queries/bench/access-csv.sql, no
 * line numbers, rejects nor request split; also just before and just after goaccess).
 */
function endToEndTable(): string {
  const n = 2 * lines;
  const file = path.join(dataDir, `access-${n}.log`);
  if (!existsSync(file)) writeBenchFile('access', file, n);
  const out = [
    '| access lines | MB | faultline run + HTML report s (before, after) | goaccess HTML report s | goaccess / faultline | DuckDB CSV reader alone s (before, after) | faultline / CSV reader |',
    '|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const timed = (command: string, args: string[]): number => {
    const started = performance.now();
    const child = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    if (child.status !== 0) throw new Error(`${command} failed: ${child.stderr}`);
    return (performance.now() - started) / 1000;
  };
  const db = path.join(dataDir, 'bench-e2e.duckdb');
  const ours = (): number => {
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    const seconds = timed(process.execPath, [path.join(here, '..', 'pipeline', 'cli.js'), 'run', file, '--db', db, '--report', path.join(dataDir, 'e2e-faultline.html'), '--quiet']);
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    return seconds;
  };
  // faultline just before and just after goaccess (their mean), so a drift in the machine's speed
  // during goaccess's minutes hits both alike.
  const before = ours();
  const floorBefore = measure('csv', 'access', file).seconds;
  const hasGoaccess = spawnSync('goaccess', ['--version']).status === 0;
  const theirs = hasGoaccess ? timed('goaccess', [file, '--log-format=COMBINED', '-o', path.join(dataDir, 'e2e-goaccess.html')]) : undefined;
  const floorAfter = measure('csv', 'access', file).seconds;
  const after = ours();
  const mean = (before + after) / 2;
  const floor = (floorBefore + floorAfter) / 2;
  const line =
    `| ${n.toLocaleString('en-US')} | ${megabytes(file).toFixed(0)} | ${mean.toFixed(1)} (${before.toFixed(1)}, ${after.toFixed(1)}) | ${theirs === undefined ? 'not installed' : theirs.toFixed(1)} | ` +
    `${theirs === undefined ? '–' : `${(theirs / mean).toFixed(1)}×`} | ${floor.toFixed(1)} (${floorBefore.toFixed(1)}, ${floorAfter.toFixed(1)}) | ${(mean / floor).toFixed(2)}× |`;
  out.push(line);
  process.stderr.write(`bench: e2e ${line}\n`);
  return out.join('\n');
}

/**
 * `faultline score`'s speed: every CSV under BENCH_SCORE_DIR (e.g. a NAB data folder), else a
 * generated series of 100,000 five-minute points with a daily cycle; read by DuckDB and scored,
 * in a child process, points per second.
 */
function scoreTable(): string {
  let dir = process.env['BENCH_SCORE_DIR'];
  if (!dir) {
    dir = path.join(dataDir, 'score-series');
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true });
      const t0 = Date.UTC(2026, 0, 1);
      const rows = Array.from({ length: 100_000 }, (_, i) => {
        const value = 100 + 30 * Math.sin((2 * Math.PI * i) / 288) + 5 * Math.sin(i * 12.9898) + (i % 20_000 === 19_999 ? 200 : 0);
        return `${new Date(t0 + i * 300_000).toISOString()},${value.toFixed(3)}`;
      });
      writeFileSync(path.join(dir, 'series.csv'), ['timestamp,value', ...rows].join('\n') + '\n');
    }
  }
  const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.csv')).map((f) => path.join(dir!, f));
  const child = spawnSync(process.execPath, [path.join(here, 'bench-score.js'), ...files], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bench-score failed: ${child.stderr}`);
  const m = JSON.parse(child.stdout) as Record<string, number>;
  const out = [
    '| series | points | read s | score s | points/s scored | peak RSS |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${files.length} | ${m['points']!.toLocaleString('en-US')} | ${m['readSeconds']!.toFixed(2)} | ${m['scoreSeconds']!.toFixed(2)} | ` +
      `${Math.round(m['points']! / m['scoreSeconds']!).toLocaleString('en-US')} | ${m['rssMiB']!.toFixed(0)} MiB |`,
  ];
  process.stderr.write(`bench: score ${out[2]}\n`);
  return out.join('\n');
}

/** The size of every file under `dir`, in MB. */
function megabytes(dir: string): number {
  const entries = statSync(dir).isDirectory() ? readdirSync(dir, { recursive: true }).map((f) => path.join(dir, String(f))) : [dir];
  return entries.reduce((n, f) => n + (statSync(f).isFile() ? statSync(f).size : 0), 0) / 1e6;
}

/**
 * Piles of files: BENCH_LINES lines as 100, 1,000 and 10,000 files (access, jsonl) against the
 * same lines in one file and against DuckDB's own multi-file reader over a glob (JSON lines also
 * against that reader's whole lines parsed by faultline's own SQL, as access is); and a mixed pile
 * (access logs with .1 and .gz rotations per host, per-service JSON logs, line-protocol metrics,
 * syslogs) against the same lines as one file per format. BENCH_RUNS runs, the inputs of a table
 * taken in turn in each run (so a drift in the machine's speed hits all alike); medians of
 * lines/s, MB/s, peak RSS, and of a second ingest of the same pile (a cron re-run: nothing new).
 */
function pileTable(): string {
  const out = [
    '| pile | files | lines | MB | faultline lines/s | MB/s | peak RSS | vs the same lines in one file | DuckDB glob lines/s | vs DuckDB glob | DuckDB glob, faultline\'s parse lines/s | vs it | re-run, nothing new s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  interface Case {
    label: string;
    files: number;
    input: string;
    format: BenchFormat | 'auto';
    glob?: string;
  }
  // Access's glob reference already runs faultline's parse on DuckDB's lines; JSON's is read_json,
  // so JSON piles are also measured against their lines read so and parsed by faultline's SQL.
  const parsed = (c: Case): string | undefined => (c.format === 'jsonl' ? c.glob : undefined);
  /** The cases measured in turn, `runs` times; the first is the one-file base of the others. */
  const rows = (cases: Case[]): void => {
    const ours = cases.map((): Measure[] => []);
    const native = cases.map((): Measure[] => []);
    const parse = cases.map((): Measure[] => []);
    for (let r = 0; r < runs; r++) {
      cases.forEach((c, i) => {
        ours[i]!.push(measure('faultline', c.format, c.input));
        if (c.glob) native[i]!.push(measure('native', c.format, c.glob));
        if (parsed(c)) parse[i]!.push(measure('parse', c.format, parsed(c)!));
      });
    }
    /** The reference's lines/s and faultline's ratio to it, or dashes where it was not measured. */
    const against = (measures: Measure[], seconds: number): string => {
      if (!measures.length) return '– | –';
      const g = median(measures.map((m) => m.seconds));
      return `${Math.round(lines / g).toLocaleString('en-US')} | ${(g / seconds).toFixed(2)}×`;
    };
    const rate = (i: number): number => lines / median(ours[i]!.map((m) => m.seconds));
    cases.forEach((c, i) => {
      const seconds = median(ours[i]!.map((m) => m.seconds));
      const mb = megabytes(c.input);
      const line =
        `| ${c.label} | ${c.files.toLocaleString('en-US')} | ${lines.toLocaleString('en-US')} | ${mb.toFixed(0)} | ${Math.round(rate(i)).toLocaleString('en-US')} | ` +
        `${(mb / seconds).toFixed(1)} | ${median(ours[i]!.map((m) => m.rssMiB)).toFixed(0)} MiB | ${(rate(i) / rate(0)).toFixed(2)}× | ` +
        `${against(native[i]!, seconds)} | ${against(parse[i]!, seconds)} | ${median(ours[i]!.map((m) => m.rerunSeconds ?? Number.NaN)).toFixed(2)} |`;
      out.push(line);
      process.stderr.write(`bench: pile ${line}\n`);
    });
  };
  for (const format of ['access', 'jsonl'] as const) {
    const single = path.join(dataDir, `${format}-${lines}.log`);
    if (!existsSync(single)) writeBenchFile(format, single, lines);
    const cases: Case[] = [{ label: `${format}, one file`, files: 1, input: single, format, glob: single }];
    for (const files of [100, 1000, 10_000]) {
      const dir = path.join(dataDir, `pile-${format}-${files}x${lines / files}`);
      if (!existsSync(dir)) {
        mkdirSync(dir, { recursive: true });
        for (let i = 0; i < files; i++) writeBenchFile(format, path.join(dir, `${format}-${String(i).padStart(4, '0')}.log`), lines / files, 1000 + i);
      }
      cases.push({ label: `${format}, ${files} files`, files, input: dir, format, glob: path.join(dir, '*.log') });
    }
    rows(cases);
  }
  // The mixed pile: 15 hosts × (access.log, access.log.1, access.log.2.gz), 75 service logs, 5 metric files, 15 syslogs.
  const mixed = path.join(dataDir, `pile-mixed-${lines}`);
  const joined = path.join(dataDir, `pile-mixed-${lines}-joined`);
  const parts: [BenchFormat, number, (i: number) => string][] = [
    ['access', 45, (i) => `region=r${i % 3}/host=web-${Math.floor(i / 3)}/access.log${['', '.1', '.2.gz'][i % 3]}`],
    ['jsonl', 75, (i) => `app/svc-${i}.log`],
    ['influx', 5, (i) => `metrics/telegraf-${i}.influx`],
    ['syslog', 15, (i) => `syslog/host-${i}.log`],
  ];
  const share: Record<BenchFormat, number> = { access: 0.5, jsonl: 0.3, influx: 0.1, syslog: 0.1, vpcflow: 0 };
  if (!existsSync(mixed)) {
    mkdirSync(joined, { recursive: true });
    for (const [format, files, name] of parts) {
      const each = Math.floor((lines * share[format]) / files);
      const whole: Buffer[] = [];
      for (let i = 0; i < files; i++) {
        const file = path.join(mixed, name(i));
        mkdirSync(path.dirname(file), { recursive: true });
        const plain = file.replace(/\.gz$/, '');
        writeBenchFile(format, plain, each, 42 + i);
        whole.push(readFileSync(plain));
        if (file.endsWith('.gz')) {
          writeFileSync(file, gzipSync(readFileSync(plain)));
          rmSync(plain);
        }
      }
      writeFileSync(path.join(joined, `all.${format}`), Buffer.concat(whole));
    }
  }
  rows([
    { label: 'mixed, one file per format', files: 4, input: joined, format: 'auto' },
    { label: 'mixed pile (rotations, .gz, 4 formats)', files: parts.reduce((n, p) => n + p[1], 0), input: mixed, format: 'auto' },
  ]);
  return out.join('\n');
}

/** Detect over 1 and 7 days of 8 regions: seconds per stage, and how they grow. */
function detectTable(): string {
  const out = [
    '| days | events | region-minutes | buckets s | templates s | detection s | incidents s | ranking s | incidents | peak RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const days of [1, 7]) {
    const db = path.join(dataDir, `bench-detect-${days}.duckdb`);
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    const child = spawnSync(process.execPath, [path.join(here, 'bench-detect.js'), String(days), db], { encoding: 'utf8' });
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    if (child.status !== 0) throw new Error(`bench-detect failed: ${child.stderr}`);
    const m = JSON.parse(child.stdout) as Record<string, number>;
    const row =
      `| ${days} | ${m['events']!.toLocaleString('en-US')} | ${m['regionMinutes']!.toLocaleString('en-US')} | ${m['buckets']!.toFixed(2)} | ` +
      `${m['templates']!.toFixed(2)} | ${m['detection']!.toFixed(2)} | ${m['incidentsSeconds']!.toFixed(2)} | ${m['ranking']!.toFixed(2)} | ` +
      `${m['incidents']} | ${m['rssMiB']!.toFixed(0)} MiB |`;
    out.push(row);
    process.stderr.write(`bench: detect ${row}\n`);
  }
  return out.join('\n');
}

/** 4 access files loaded 4 at a time vs one at a time, and one file of the same total alone. */
function parallelTable(): string {
  const dir = path.join(dataDir, `parallel-${lines}`);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    for (let i = 1; i <= 4; i++) writeBenchFile('access', path.join(dir, `part-${i}.log`), Math.floor(lines / 4), 42 + i);
  }
  const single = path.join(dataDir, `access-${lines}.log`);
  if (!existsSync(single)) writeBenchFile('access', single, lines);
  const cases: [string, string, number][] = [
    ['1 file of all the lines', single, 1],
    ['4 files, --concurrency 1', dir, 1],
    ['4 files, --concurrency 2', dir, 2],
    ['4 files, --concurrency 4', dir, 4],
  ];
  const out = ['| access, ' + lines + ' lines in all | lines/s | peak RSS | vs 1 file alone |', '|---|---:|---:|---:|'];
  let base = 0;
  for (const [label, input, concurrency] of cases) {
    const m = Array.from({ length: runs }, () => measure('faultline', 'access', input, concurrency));
    const rate = lines / median(m.map((x) => x.seconds));
    if (!base) base = rate;
    const row = `| ${label} | ${Math.round(rate).toLocaleString('en-US')} | ${median(m.map((x) => x.rssMiB)).toFixed(0)} MiB | ${(rate / base).toFixed(2)}× |`;
    out.push(row);
    process.stderr.write(`bench: ${row}\n`);
  }
  return out.join('\n');
}

main();
