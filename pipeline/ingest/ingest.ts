import { listValue } from '../duckdb.js';
import PQueue from 'p-queue';
import type { Params, Session, Store } from '../db.js';
import { firstLine, sqlFile } from '../db.js';
import { FaultlineError } from '../errors.js';
import { Progress } from '../progress.js';
import type { Format } from '../types.js';
import {
  ArraySource,
  BATCH_BLOCKS,
  batchesOf,
  ChainSource,
  FileSource,
  MAX_LINE_BYTES,
  readAhead,
  registerBlocks,
  withSource,
  type BatchSizes,
  type Block,
  type BlockInfo,
  type BlockSource,
} from './blocks.js';
import { describeFsError, discover } from './discover.js';
import type { FileContext, FormatReader } from './formats/reader.js';
import { KeyedLock } from './keyed-lock.js';
import { Manifest, fingerprint, type FileRecord } from './manifest.js';
import { loadInventory, pathHints, readInventory, type PathHints } from './region.js';
import { READERS } from './formats/index.js';
import { sniffFormat } from './sniff.js';
import { defaultConcurrency } from '../defaults.js';
import { HEAD_BYTES, openContent, sourceName, type Content, type Source } from './source.js';

export interface IngestOptions {
  /** Force this format instead of sniffing (`--format`). */
  format?: Format;
  /** CSV `host,region` (`--inventory`). */
  inventory?: string;
  /** Region of last resort (`--region`). */
  region?: string;
  /** Year of RFC 3164 syslog lines, which carry none (`--year`); else the file's mtime decides. */
  year?: number;
  /** JSON log keys by the field they stand for (`--map level=severity,msg=message.text`). */
  fieldMap?: Readonly<Record<string, string>>;
  /** Reload files read before, replacing what they loaded, in one transaction each (`--force`). */
  force?: boolean;
  /** Files loaded at once (`--concurrency`); default: the core count, at most 4. */
  concurrency?: number;
  /** Where per-file lines go (stderr in the CLI). */
  log?: (line: string) => void;
  /** Show a live progress line (the CLI: stderr is a TTY and not --quiet). */
  progress?: boolean;
  /** Block/batch sizes (tests use small ones to cross block and batch boundaries). */
  sizes?: BatchSizes;
}

/** What happened to one input. */
export interface FileResult {
  path: string;
  status: 'loaded' | 'unchanged' | 'skipped' | 'error';
  format?: Format;
  /**
   * Non-empty lines read in this run: lines = loaded lines + rejects + ignored (comments,
   * header lines). `rows` counts table rows; one line may give several (influx fields).
   */
  lines: number;
  rows: number;
  rejects: number;
  ignored: number;
  /** Content bytes read in this run. */
  bytes: number;
  seconds: number;
  message?: string;
}

export interface IngestResult {
  files: FileResult[];
  /** Inputs that could not be read (exit status 1). */
  failed: number;
}

interface Counts {
  lines: number;
  loadedLines: number;
  rows: number;
  rejects: number;
  ignored: number;
}

const NO_HINTS: PathHints = { region: null, host: null, service: null };

/**
 * A plain file with at most this many new bytes shares its load (one statement, one transaction)
 * with other such files of its format: a pile of small files costs about what one big file of
 * the same lines costs, instead of a fixed cost per file (BENCHMARKS.md, piles).
 */
export const SHARED_FILE_BYTES = 8 << 20;
/**
 * A shared load holds at most this many files ... (fewer, bigger loads measured faster: 1,000
 * small files 5.4–5.8 s against 6.2–8.2 s as loads of 256; 10,000 files of 100 lines 6.4 s
 * against 7.5–8.3 s as loads of 1,024, whose rows DuckDB wrote twice, below; BENCHMARKS.md). A
 * load opens its files one at a time, so the count costs no file descriptors.
 */
export const SHARED_LOAD_FILES = 16384;
/**
 * ... and this many new bytes, so a failed load has a bounded amount to redo. The small files of
 * one format are split into loads of about equal size: a small load beside a big one wrote all
 * its rows to the WAL at commit and again at the checkpoint (DuckDB writes a load's rows straight
 * to the file only in whole row groups per thread): 1,000 files of 1,000 access lines as 128 MiB +
 * 36 MB took 3.3 s + 0.7 s at close, as one load 2.9 s + 0.04 s.
 */
export const SHARED_LOAD_BYTES = 512 << 20;
/**
 * A gzip file of at most this many bytes (compressed) shares a load too: its content is read into
 * memory when it is looked at (a rotated `access.log.2.gz`), up to SHARED_FILE_BYTES of it ...
 */
export const SHARED_GZIP_BYTES = 1 << 20;
/** ... while the contents held so far for the run's shared loads stay under this many bytes. */
const SHARED_GZIP_HELD_BYTES = 256 << 20;

/**
 * `faultline ingest`: load every log under `paths` into the store, each load in its own
 * transaction recorded in `ingested_files` (one row per file), so a re-run adds nothing and a
 * grown file is read from where the last run stopped. Big files and stdin load alone; small
 * files (SHARED_FILE_BYTES, SHARED_GZIP_BYTES) load many to a statement. Loads run in parallel,
 * each on its own connection.
 */
export async function ingest(store: Store, paths: readonly string[], options: IngestOptions = {}): Promise<IngestResult> {
  if (options.format && !READERS.has(options.format)) {
    throw new FaultlineError(`--format ${options.format}: not a format faultline reads (${[...READERS.keys()].join(', ')})`);
  }
  const inventory = options.inventory ? await readInventory(store.main, options.inventory) : new Map<string, string>();
  const { sources, errors } = await discover(paths);
  const progress = new Progress(sources.length + errors.length, process.stderr, options.progress ?? false);
  const log = (line: string): void => {
    progress.interrupt();
    options.log?.(line);
  };
  const files: FileResult[] = errors.map((e) => ({ ...emptyResult(e.path, 'error'), message: e.message }));
  for (const e of errors) {
    log(`error: ${e.path}: ${e.message}`);
    progress.fileDone();
  }

  const concurrency = Math.max(1, Math.min(options.concurrency ?? defaultConcurrency(), sources.length || 1));
  // One budget of block text in flight, shared by the files loading at once (memory stays bounded).
  const sizes: BatchSizes = { batchBlocks: Math.max(8, Math.floor(BATCH_BLOCKS / concurrency)), ...options.sizes };
  const sessions: Session[] = [];
  const main = store.main;
  // File ids for the whole run in one statement: a nextval per file made every file wait for the
  // sequence while another file's transaction held it (ids left unused are gaps, harmless). They
  // come back as a range when they are one (10,000 ids as rows: 68 ms), else as a list.
  const [taken] = await main.allFile('ingest/take-file-ids', { n: sources.length });
  const first = Number(taken!['first_id']);
  const listed = (taken!['ids'] as number[] | null)?.map(Number);
  let nextId = 0;
  const fileIds = { next: (): number => (nextId < sources.length ? (listed ? listed[nextId++]! : first + nextId++) : Number.NaN) };
  // Global in DuckDB: a filter on the parse's `reason` must not re-run the parse (load-rows.sql).
  await main.run("SET disabled_optimizers = 'filter_pushdown'");
  try {
    for (let i = 0; i < concurrency; i++) {
      const session = await store.session();
      sessions.push(session);
      registerBlocks(session);
      await session.runFile('ingest/session');
      await loadInventory(session, inventory);
    }
    const idle = [...sessions];
    const queue = new PQueue({ concurrency });
    const onSession = <T>(work: (session: Session) => Promise<T>): Promise<T> =>
      queue.add(async () => {
        const session = idle.pop()!;
        try {
          return await work(session);
        } finally {
          idle.push(session);
        }
      }) as Promise<T>;
    const results = new Map<Source, FileResult>();
    const done = (job: { source: Source }, result: FileResult): void => {
      results.set(job.source, result);
      log(describeResult(result));
      progress.fileDone();
    };
    const run: Run = { options: { ...options, sizes }, lock: new KeyedLock(), progress, fileIds, loads: new Map(), manifest: await Manifest.read(main), held: 0 };

    // Each input is looked at (manifest, format), in order, on every session at once; small files
    // wait to share a load, the others load at once. (Taken in turn, not queued: a queue of
    // 10,000 inputs cost p-queue time by their number squared.)
    const shared: LoadJob[] = [];
    let next = 0;
    await Promise.all(
      sessions.map(async (session) => {
        while (next < sources.length) {
          const source = sources[next++]!;
          const planned = await planSource(session, source, run, true);
          if ('job' in planned) shared.push(planned.job);
          else done({ source }, planned.result);
        }
      }),
    );
    // Two inputs that may be one stream (the same first bytes and hints) were planned without
    // seeing each other: those are planned again, one after the other, once the rest is loaded.
    const again = shared.filter((job) => run.loads.get(job.key)! > 1);
    const alone = new Set(again);
    await Promise.all(
      sharedLoads(shared.filter((job) => !alone.has(job)), (job) => job.reader.name, newBytes).map((jobs) =>
        onSession(async (session) => {
          for (const [job, result] of await loadShared(session, jobs, run)) done(job, result);
        }),
      ),
    );
    for (const job of again) {
      const result = await onSession(async (session) => {
        const planned = await planSource(session, job.source, run, false, job.fileId);
        return 'job' in planned ? (await loadShared(session, [planned.job], run))[0]![1] : planned.result;
      });
      done(job, result);
    }
    files.push(...sources.map((source) => results.get(source)!));
  } finally {
    progress.stop();
    await main.run('RESET disabled_optimizers').catch(() => undefined);
    for (const session of sessions) session.close();
  }
  return { files, failed: files.filter((f) => f.status === 'error').length };
}

function emptyResult(path: string, status: FileResult['status']): FileResult {
  return { path, status, lines: 0, rows: 0, rejects: 0, ignored: 0, bytes: 0, seconds: 0 };
}

/** One line for the run summary on stderr. */
export function describeResult(r: FileResult): string {
  switch (r.status) {
    case 'error':
      return `error: ${r.path}: ${r.message}`;
    case 'skipped':
      return `skipped ${r.path}: ${r.message}`;
    case 'unchanged':
      return `unchanged ${r.path}${r.message ? ` (${r.message})` : ''}`;
    case 'loaded':
      return (
        `loaded ${r.path} [${r.format}]: ${r.rows} rows, ${r.rejects} rejects` +
        `${r.ignored ? `, ${r.ignored} ignored` : ''} of ${r.lines} lines` +
        ` (${(r.bytes / 1e6).toFixed(1)} MB, ${r.seconds.toFixed(2)} s)${r.message ? `, ${r.message}` : ''}`
      );
  }
}

/** What every input of one ingest run shares. */
interface Run {
  options: IngestOptions;
  /** Inputs that may be one stream are planned one after another. */
  lock: KeyedLock;
  progress: Progress;
  fileIds: { next(): number };
  /** Loads planned per stream key: a key planned twice is planned again after the shared loads. */
  loads: Map<string, number>;
  /** The streams read so far (manifest.ts), added to as loads commit. */
  manifest: Manifest;
  /** Bytes of small gzip files' content held for the shared loads (SHARED_GZIP_HELD_BYTES). */
  held: number;
}

/** One input to load: what the manifest knows of it, its format, and where to start. */
interface LoadJob {
  source: Source;
  name: string;
  content: Content;
  hints: PathHints;
  /** The stream read before, continued from where it stopped. */
  previous: FileRecord | undefined;
  /** --force: the stream read before, replaced. */
  replaced: FileRecord | undefined;
  reader: FormatReader;
  /** The stream's id: its own when read before, else a new one. */
  fileId: number;
  /** Inputs with the same key may be one stream (same first bytes, same path hints). */
  key: string;
  /** "read before as …" when the stream was read under another name. */
  readBefore: string | undefined;
  started: number;
  /** A small gzip file's new content, already cut into blocks (it shares a load). */
  blocks?: Block[];
}

/**
 * Look at one input: open it, find the stream it continues, sniff its format. Returns what
 * happened to it, or the load to do: a small file's load when `share` allows (done later with
 * others), else the input is loaded here and now, alone.
 */
async function planSource(session: Session, source: Source, run: Run, share: boolean, reuseId?: number): Promise<{ result: FileResult } | { job: LoadJob }> {
  const name = sourceName(source);
  const started = performance.now();
  const finish = (result: FileResult): { result: FileResult } => ({ result: { ...result, seconds: (performance.now() - started) / 1000 } });
  const { options } = run;

  if (source.kind === 'stdin' && process.stdin.isTTY) {
    return finish({ ...emptyResult(name, 'error'), message: 'stdin is a terminal; pipe logs into it' });
  }
  let content: Content;
  try {
    content = await openContent(source, share ? { bytes: SHARED_GZIP_BYTES, maxBytes: SHARED_FILE_BYTES } : undefined);
  } catch (err) {
    return finish({ ...emptyResult(name, 'error'), message: describeFsError(err) });
  }
  if (!content.head.length) return finish({ ...emptyResult(name, 'skipped'), message: 'empty' });

  const hints = source.kind === 'file' ? pathHints(source.path) : NO_HINTS;
  // Files that may be one stream (same first bytes, same directory hints) are planned one after another.
  const key = JSON.stringify([content.head.subarray(0, 128).toString('base64'), hints]);
  return run.lock.run(key, async () => {
    const size = content.compressed ? undefined : content.stat?.size;
    const found = run.manifest.find(content.head, hints, size);
    // --force: the file is read from its start, and what it loaded before is replaced.
    const replaced = options.force ? found : undefined;
    const previous = options.force ? undefined : found;
    const readBefore = previous && previous.path !== name ? `read before as ${previous.path}` : undefined;
    if (previous && isUnchanged(previous, content, size)) {
      return finish({ ...emptyResult(name, 'unchanged'), format: previous.format, ...(readBefore ? { message: readBefore } : {}) });
    }

    const format = options.format ?? found?.format ?? sniffFormat(content.head, content.head.length < HEAD_BYTES);
    if (!format) {
      const explicit = source.kind === 'stdin' || source.explicit;
      return finish({
        ...emptyResult(name, explicit ? 'error' : 'skipped'),
        message: explicit ? 'cannot tell its format from the first lines; name it with --format' : 'not a recognised log format',
      });
    }
    run.loads.set(key, (run.loads.get(key) ?? 0) + 1);
    const job: LoadJob = {
      source, name, content, hints, previous, replaced, key, readBefore, started,
      reader: READERS.get(format)!,
      fileId: previous?.file_id ?? replaced?.file_id ?? reuseId ?? run.fileIds.next(),
    };
    const small = content.path !== undefined && newBytes(job) <= SHARED_FILE_BYTES;
    if (share && small && !replaced) return { job };
    const smallGzip = content.compressed && source.kind === 'file' && (content.stat?.size ?? Infinity) <= SHARED_GZIP_BYTES;
    if (share && smallGzip && !replaced && run.held < SHARED_GZIP_HELD_BYTES) {
      let blocks: Block[] | undefined;
      try {
        blocks = await readSmall(job, run.options.sizes);
      } catch (err) {
        return finish({ ...emptyResult(name, 'error'), format, message: describeFsError(err) });
      }
      if (blocks) {
        run.held += consumed(blocks);
        return { job: { ...job, blocks } };
      }
      // Bigger than it looked: read it again from the start, alone.
      job.content = await openContent(source);
    }
    return { result: (await loadShared(session, [job], run))[0]![1] };
  });
}

/** A one-pass stream's new content in blocks, if it holds at most SHARED_FILE_BYTES; else undefined (the stream is spent). */
async function readSmall(job: LoadJob, sizes: BatchSizes | undefined): Promise<Block[] | undefined> {
  const content = job.content as Content & { path?: undefined };
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of content.from(job.previous?.offset_bytes ?? 0)) {
    bytes += chunk.length;
    if (bytes > SHARED_FILE_BYTES) return undefined;
    chunks.push(chunk);
  }
  const blocks: Block[] = [];
  for await (const batch of batchesOf(toAsync(chunks), job.fileId, job.previous?.next_line ?? 1, { ...sizes, batchBlocks: Infinity })) blocks.push(...batch);
  return blocks;
}

async function* toAsync<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/** Content bytes that blocks consumed. */
function consumed(blocks: readonly BlockInfo[]): number {
  return blocks.reduce((n, b) => n + b.consumed, 0);
}

/** Bytes a job has to load: its blocks read already, else its plain file beyond what was read before. */
function newBytes(job: LoadJob): number {
  return job.blocks ? consumed(job.blocks) : job.content.stat!.size - (job.previous?.offset_bytes ?? 0);
}

/**
 * The small files of a run in loads of one format each, at most `limits.files` files and
 * `limits.bytes` new bytes (SHARED_LOAD_FILES, SHARED_LOAD_BYTES), the files of a format spread
 * over as few loads as that allows, of about equal size, in their order.
 */
export function sharedLoads<T>(
  jobs: readonly T[],
  formatOf: (job: T) => string,
  bytesOf: (job: T) => number,
  limits = { files: SHARED_LOAD_FILES, bytes: SHARED_LOAD_BYTES },
): T[][] {
  const byFormat = new Map<string, T[]>();
  for (const job of jobs) {
    const list = byFormat.get(formatOf(job));
    if (list) list.push(job);
    else byFormat.set(formatOf(job), [job]);
  }
  const loads: T[][] = [];
  for (const list of byFormat.values()) {
    const total = list.reduce((n, job) => n + bytesOf(job), 0);
    const count = Math.max(1, Math.ceil(total / limits.bytes), Math.ceil(list.length / limits.files));
    let load: T[] = [];
    let bytes = 0;
    let before = 0; // this format's bytes in its loads before this one
    let made = 0; // and how many those are
    for (const job of list) {
      const size = bytesOf(job);
      // The next load starts once this one has its share (past the file's middle), or at a limit.
      const full = before + bytes + size / 2 > ((made + 1) * total) / count;
      if (load.length && (full || load.length >= limits.files || bytes + size > limits.bytes)) {
        loads.push(load);
        before += bytes;
        made++;
        load = [];
        bytes = 0;
      }
      load.push(job);
      bytes += size;
    }
    if (load.length) loads.push(load);
  }
  return loads;
}

/**
 * Load some inputs of one format in one transaction: all or none of them lands, with their
 * manifest rows. If a load of several fails, each is loaded again alone, so one bad file fails
 * alone.
 */
async function loadShared(session: Session, jobs: readonly LoadJob[], run: Run): Promise<[LoadJob, FileResult][]> {
  const reader = jobs[0]!.reader;
  const finish = (job: LoadJob, result: FileResult): [LoadJob, FileResult] => [job, { ...result, seconds: (performance.now() - job.started) / 1000 }];
  let loaded: Map<LoadJob, Loaded>;
  try {
    loaded = await session.transaction(async () => {
      for (const job of jobs) if (job.replaced) await session.runFile('ingest/forget-file', { file_id: job.replaced.file_id });
      return loadFiles(session, reader, jobs, run);
    });
  } catch (err) {
    if (jobs.length > 1) {
      // One bad file fails alone: the others load again, each in its own transaction.
      const alone: [LoadJob, FileResult][] = [];
      for (const job of jobs) alone.push(...(await loadShared(session, [job], run)));
      return alone;
    }
    const job = jobs[0]!;
    const code = (err as NodeJS.ErrnoException).code;
    return [finish(job, { ...emptyResult(job.name, 'error'), format: reader.name, message: code ? describeFsError(err) : firstLine(err) })];
  }
  run.manifest.saved(jobs.map((job) => loaded.get(job)!.record!));
  return jobs.map((job) => {
    const { counts, bytes, note } = loaded.get(job)!;
    if (bytes === 0) return finish(job, { ...emptyResult(job.name, 'unchanged'), format: reader.name, ...(job.readBefore ? { message: job.readBefore } : {}) });
    const resumed = job.previous
      ? `resumed at byte ${job.previous.offset_bytes} (line ${job.previous.next_line})`
      : job.replaced
        ? `reloaded: replaced the ${job.replaced.rows_loaded} rows it loaded before`
        : undefined;
    const message = [resumed, note].filter(Boolean).join('; ');
    return finish(job, {
      path: job.name,
      status: 'loaded',
      format: reader.name,
      lines: counts.lines,
      rows: counts.rows,
      rejects: counts.rejects,
      ignored: counts.ignored,
      bytes,
      seconds: 0,
      ...(message ? { message } : {}),
    });
  });
}

/** What one load did to one of its files. */
interface Loaded {
  counts: Counts;
  bytes: number;
  nextLine: number;
  note: string | undefined;
  /** Its row of `ingested_files`, as saved. */
  record?: FileRecord;
}

/**
 * Read the new part of some files of one format (inside their transaction): one statement for
 * all of them when they are plain files or small gzip files already read, batch by batch for a
 * one-pass stream (a big gzip file, stdin: read alone); then the steps after the load, once for
 * all; then each file's manifest row.
 */
async function loadFiles(session: Session, reader: FormatReader, jobs: readonly LoadJob[], run: Run): Promise<Map<LoadJob, Loaded>> {
  const { options, progress } = run;
  const contexts = new Map(jobs.map((job) => [job, fileContext(job, options)]));
  const firstLines = new Map(jobs.map((job) => [job.fileId, job.previous?.next_line ?? 1]));
  await session.runFile('ingest/load-files', {
    cli_region: options.region ?? null,
    files: JSON.stringify(
      jobs.map((job) => ({
        file_id: job.fileId,
        first_line: firstLines.get(job.fileId),
        path: job.name,
        format: reader.name,
        path_region: job.hints.region,
        path_host: job.hints.host,
        path_service: job.hints.service,
        ...reader.fileParams?.(contexts.get(job)!),
      })),
    ),
  });
  // The statements of this load read its files from load_files; what they bind is the run's.
  const bound: Params = { ...reader.runParams?.(options), cli_region: options.region ?? null };
  for (const file of reader.before ?? []) await session.runFile(file, bound);

  const loaded = new Map<number, Loaded>(jobs.map((job) => [job.fileId, { counts: { lines: 0, loadedLines: 0, rows: 0, rejects: 0, ignored: 0 }, bytes: 0, nextLine: firstLines.get(job.fileId)!, note: undefined }]));
  const add = (pass: Map<number, Pass>): void => {
    for (const [fileId, p] of pass) {
      const l = loaded.get(fileId)!;
      for (const k of Object.keys(l.counts) as (keyof Counts)[]) l.counts[k] += p[k];
      l.bytes += p.bytes;
      l.nextLine = p.nextLine;
    }
  };
  const stream = jobs.length === 1 && jobs[0]!.content.path === undefined && !jobs[0]!.blocks ? jobs[0]! : undefined;
  if (!stream) {
    // Plain files and small gzip files read before: one statement reads them all, block by block as DuckDB asks.
    const sources = jobs.map((job): BlockSource => {
      if (job.blocks) return new ArraySource(job.blocks);
      const content = job.content as Content & { path: string };
      return new FileSource(content.path, content.stat, job.fileId, job.previous?.offset_bytes ?? 0, firstLines.get(job.fileId)!, content.stat.size, options.sizes?.blockBytes, (block) =>
        progress.batch(block.consumed, block.lines, 0), content.whole ? content.head : undefined,
      );
    });
    const source = new ChainSource(sources);
    try {
      const pass = await loadPass(session, reader, source, bound, jobs, firstLines);
      add(pass);
      const held = jobs.flatMap((job) => job.blocks ?? []);
      progress.batch(consumed(held), held.reduce((n, b) => n + b.lines, 0), [...pass.values()].reduce((n, p) => n + p.rejects, 0));
    } finally {
      for (const s of sources) if (s instanceof FileSource) s.close();
    }
  } else {
    // A one-pass stream (gzip, stdin): batches of blocks, the next read while one loads.
    const content = stream.content as Content & { path?: undefined };
    for await (const blocks of readAhead(batchesOf(content.from(stream.previous?.offset_bytes ?? 0), stream.fileId, loaded.get(stream.fileId)!.nextLine, options.sizes))) {
      const passFirst = new Map([[stream.fileId, loaded.get(stream.fileId)!.nextLine]]);
      const pass = await loadPass(session, reader, new ArraySource(blocks), bound, jobs, passFirst);
      add(pass);
      const p = pass.get(stream.fileId)!;
      progress.batch(p.bytes, p.lines, p.rejects);
    }
  }

  if (jobs.some((job) => loaded.get(job.fileId)!.bytes > 0)) {
    for (const file of reader.after ?? []) await session.run(formatSql(file, reader), bound);
    // One scan of the new rows, per file and region (load_spans), serves the steps below.
    const spans = (): Promise<void> => session.run(formatSql(reader.loadSpans ?? 'ingest/load-spans', reader));
    await spans();
    const dropped = await dropTimeOutliers(session, reader);
    for (const [fileId, d] of dropped) {
      const l = loaded.get(fileId)!;
      l.counts.loadedLines -= d.lines;
      l.counts.rejects += d.lines;
      l.counts.rows -= d.rows;
    }
    if (dropped.size) await spans();
    await session.runFile('ingest/mark-dirty');
    await session.run('DROP TABLE load_spans');
  }
  const records = jobs.map((job): FileRecord => {
    const { counts, bytes, nextLine } = loaded.get(job.fileId)!;
    const previous = job.previous;
    const content = job.content;
    return {
      file_id: job.fileId,
      path: job.name,
      format: reader.name,
      compressed: content.compressed,
      ...fingerprint(content.head),
      device: content.stat?.dev ?? null,
      inode: content.stat?.ino ?? null,
      size_bytes: content.stat?.size ?? null,
      offset_bytes: (previous?.offset_bytes ?? 0) + bytes,
      next_line: nextLine,
      lines: (previous?.lines ?? 0) + counts.lines,
      lines_loaded: (previous?.lines_loaded ?? 0) + counts.loadedLines,
      rows_loaded: (previous?.rows_loaded ?? 0) + counts.rows,
      rejects: (previous?.rejects ?? 0) + counts.rejects,
      ignored: (previous?.ignored ?? 0) + counts.ignored,
      region: job.hints.region,
      host: job.hints.host,
      service: job.hints.service,
    };
  });
  await session.runFile('ingest/save-files', { files: JSON.stringify(records) });
  return new Map(jobs.map((job, i) => [job, { ...loaded.get(job.fileId)!, note: reader.fileNote?.(contexts.get(job)!), record: records[i]! }]));
}

function fileContext(job: LoadJob, options: IngestOptions): FileContext {
  const { head } = job.content;
  return {
    // As text only when a format asks (syslog's year): a pile's heads are many.
    get head() {
      return head.toString('utf8');
    },
    mtime: job.content.stat?.mtime ?? new Date(),
    ...(options.year !== undefined ? { year: options.year } : {}),
  };
}

/** Nothing new to read: a plain file at the size already read, or the very same compressed file. */
function isUnchanged(previous: FileRecord, content: Content, size: number | undefined): boolean {
  if (size !== undefined) return size === previous.offset_bytes;
  const st = content.stat;
  return Boolean(
    st && content.compressed && previous.compressed &&
      previous.device === st.dev && previous.inode === st.ino && previous.size_bytes === st.size,
  );
}

/** What one statement's pass over blocks loaded from one file, and where it stopped. */
interface Pass extends Counts {
  bytes: number;
  nextLine: number;
}

/**
 * Load one pass over blocks (of one file or several): lines that parse go to the format's table
 * in one statement; then, per file, only the blocks where some lines gave no row are read and
 * parsed again, for their reasons (rejects) or to be ignored (comments, headers). Every line is
 * accounted for, or the load's transaction fails. `firstLines`: each file's first line in this pass.
 */
async function loadPass(
  session: Session,
  reader: FormatReader,
  source: BlockSource,
  params: Params,
  jobs: readonly LoadJob[],
  firstLines: ReadonlyMap<number, number>,
): Promise<Map<number, Pass>> {
  const rows = await withSource(source, (id) => session.change(formatSql('ingest/load-rows', reader), { ...params, batch: id }));
  const seen = source.seen;
  const byFile = new Map<number, number[]>();
  seen.forEach((b, i) => {
    const list = byFile.get(b.fileId);
    if (list) list.push(i);
    else byFile.set(b.fileId, [i]);
  });
  // Lines loaded per file: the statement's own count when it read one file a line a row, or when
  // every line of every file gave its row (a row a line, as many rows as lines); else counted.
  const linesOf = new Map(jobs.map((job) => [job.fileId, (byFile.get(job.fileId) ?? []).reduce((n, i) => n + seen[i]!.lines + (seen[i]!.overlong ? 1 : 0), 0)]));
  const oneEach = reader.rowsPerLine !== 'many';
  const counted =
    oneEach && jobs.length === 1
      ? new Map([[jobs[0]!.fileId, { lines: rows, rows }]])
      : oneEach && rows === [...linesOf.values()].reduce((n, l) => n + l, 0)
        ? new Map([...linesOf].map(([fileId, lines]) => [fileId, { lines, rows: lines }]))
        : await countLoaded(session, reader, Math.min(...firstLines.values()), firstLines);
  const files = jobs.map((job) => {
    const firstLine = firstLines.get(job.fileId)!;
    const indexes = byFile.get(job.fileId) ?? [];
    const blocks = indexes.map((i) => seen[i]!);
    return {
      job,
      indexes,
      bound: { file_id: job.fileId, path: job.name, format: reader.name, first_line: firstLine, next_line: blocks[blocks.length - 1]?.nextLine ?? firstLine },
      lines: linesOf.get(job.fileId)!,
      bytes: consumed(blocks),
      loadedLines: counted.get(job.fileId)?.lines ?? 0,
      rejects: 0,
      ignored: 0,
    };
  });
  // The blocks with lines that gave no row: a file of one block is that block; in a longer file
  // a histogram of the lines loaded per block finds them. They are parsed again, REPARSE_BLOCKS
  // to a statement, whatever their file, for their reasons (rejects) or to be ignored.
  const incomplete: number[] = [];
  for (const file of files) {
    for (const i of file.indexes) {
      const block = seen[i]!;
      if (!block.overlong) continue;
      const raw = Buffer.from(block.overlong).toString('utf8').replaceAll('\0', '\uFFFD');
      const reason = `no newline in ${MAX_LINE_BYTES} bytes (${block.consumed} bytes up to the next): not read`;
      file.rejects += await session.change(sqlFile('ingest/reject-overlong'), { ...file.bound, line_no: block.firstLine, reason, raw });
    }
    if (file.loadedLines + file.rejects >= file.lines) continue;
    const parsed = file.indexes.filter((i) => !seen[i]!.overlong);
    incomplete.push(...(parsed.length === 1 ? parsed : await incompleteBlocks(session, reader, parsed, seen, file.bound)));
  }
  const byId = new Map(files.map((f) => [f.job.fileId, f]));
  for (let k = 0; k < incomplete.length; k += REPARSE_BLOCKS) {
    await withSource(source.again(incomplete.slice(k, k + REPARSE_BLOCKS)), (id) => session.run(formatSql('ingest/stage-missing', reader), { ...params, batch: id }));
    await session.run(sqlFile('ingest/load-rejects'));
    for (const row of await session.all("SELECT file_id, count(*) FILTER (reason <> 'ignored') AS rejects, count(*) FILTER (reason = 'ignored') AS ignored FROM missing GROUP BY file_id")) {
      const file = byId.get(Number(row['file_id']))!;
      file.rejects += Number(row['rejects']);
      file.ignored += Number(row['ignored']);
    }
  }
  const passes = new Map<number, Pass>();
  for (const f of files) {
    if (f.loadedLines + f.rejects + f.ignored !== f.lines) {
      throw new Error(`internal: ${f.job.name}: ${f.lines} lines from line ${f.bound.first_line} gave ${f.loadedLines} loaded, ${f.rejects} rejects, ${f.ignored} ignored`);
    }
    passes.set(f.job.fileId, {
      lines: f.lines, loadedLines: f.loadedLines, rows: counted.get(f.job.fileId)?.rows ?? 0, rejects: f.rejects, ignored: f.ignored, bytes: f.bytes, nextLine: f.bound.next_line,
    });
  }
  return passes;
}

/** Blocks parsed again by one statement, at most. */
const REPARSE_BLOCKS = 64;

/** Lines that gave rows and the rows, per file of the load, from line `fromLine` on (count-loaded.sql). */
async function countLoaded(session: Session, reader: FormatReader, fromLine: number, firstLines: ReadonlyMap<number, number>): Promise<Map<number, { lines: number; rows: number }>> {
  const found = await session.all(formatSql('ingest/count-loaded', reader), { from_line: fromLine });
  const out = new Map<number, { lines: number; rows: number }>();
  for (const r of found) out.set(Number(r['file_id']), { lines: Number(r['lines']), rows: Number(r['rows']) });
  for (const id of firstLines.keys()) if (!out.has(id)) out.set(id, { lines: 0, rows: 0 });
  return out;
}

/** The blocks of one file (indexes into `seen`) holding lines that gave no row (incomplete-blocks.sql). */
async function incompleteBlocks(session: Session, reader: FormatReader, indexes: readonly number[], seen: readonly BlockInfo[], bound: Params): Promise<number[]> {
  const found = await session.all(formatSql('ingest/incomplete-blocks', reader), {
    file_id: bound['file_id']!,
    first_line: bound['first_line']!,
    next_line: bound['next_line']!,
    block_last: listValue(indexes.map((i) => BigInt(seen[i]!.nextLine - 1))),
  });
  const loaded = new Map(found.map((r) => [Number(r['last_line']), Number(r['loaded'])]));
  return indexes.filter((i) => (loaded.get(seen[i]!.nextLine - 1) ?? 0) < seen[i]!.lines);
}

/**
 * Time outliers (spread-files.sql, find-time-outliers.sql): a line `margin_days` (or its file's own
 * span, if longer) outside its file's usual times is rejected; files with fewer than `min_rows`
 * rows have no "usual" times to judge by (two lines ten years apart stay).
 */
const TIME_OUTLIER_PARAMS = { margin_days: 30, min_rows: 20 };

/**
 * Reject the lines just loaded whose time lies far outside the rest of their file
 * (find-time-outliers.sql), looked for only in the files that spread far enough (spread-files.sql,
 * over load_spans); lines and rows dropped per file.
 */
async function dropTimeOutliers(session: Session, reader: FormatReader): Promise<Map<number, { lines: number; rows: number }>> {
  const out = new Map<number, { lines: number; rows: number }>();
  const spread = await session.allFile('ingest/spread-files', TIME_OUTLIER_PARAMS);
  if (!spread.length) return out;
  await session.run(formatSql('ingest/find-time-outliers', reader), {
    margin_days: TIME_OUTLIER_PARAMS.margin_days,
    files: listValue(spread.map((r) => BigInt(r['file_id'] as number))),
  });
  for (const r of await session.all(formatSql('ingest/count-outliers', reader))) out.set(Number(r['file_id']), { lines: Number(r['lines']), rows: Number(r['rows']) });
  if (out.size) await session.run(formatSql('ingest/drop-time-outliers', reader));
  await session.run('DROP TABLE time_outliers');
  return out;
}

/** A statement with the format's table, time column and parse SQL filled in (`{parse}`; `{parse:<format>}` another format's). */
function formatSql(name: string, reader: FormatReader): string {
  // Replacer functions: a string replacement would expand `$'` and `$&` inside the SQL.
  return sqlFile(name)
    .replaceAll('{table}', () => reader.table)
    .replaceAll('{load_table}', () => reader.loadTable ?? reader.table)
    .replaceAll('{ts}', () => reader.timeColumn ?? 'ts')
    .replaceAll('{distinct}', () => (reader.rowsPerLine === 'many' ? 'DISTINCT' : ''))
    .replaceAll('{parse}', () => sqlFile(`ingest/parse/${reader.name}`))
    .replace(/\{parse:(\w+)\}/g, (_, format: string) => sqlFile(`ingest/parse/${format}`));
}
