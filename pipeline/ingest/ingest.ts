import { closeSync, openSync } from 'node:fs';
import { listValue } from '@duckdb/node-api';
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
  FileSource,
  MAX_LINE_BYTES,
  readAhead,
  registerBlocks,
  withSource,
  type BatchSizes,
  type BlockInfo,
  type BlockSource,
} from './blocks.js';
import { describeFsError, discover } from './discover.js';
import type { FileContext, FormatReader } from './formats/reader.js';
import { KeyedLock } from './keyed-lock.js';
import { fingerprint, findFile, saveFile, type FileRecord } from './manifest.js';
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
 * `faultline ingest`: load every log under `paths` into the store, each file in its own
 * transaction recorded in `ingested_files`, so a re-run adds nothing and a grown file is read
 * from where the last run stopped. Files load in parallel, each on its own connection.
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
  // sequence while another file's transaction held it (ids left unused are gaps, harmless).
  const ids = (await main.all("SELECT nextval('file_id_seq') AS id FROM range($n)", { n: sources.length })).map((r) => Number(r['id']));
  const fileIds = { next: (): number => ids.shift() ?? Number.NaN };
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
    const lock = new KeyedLock();
    const results = await Promise.all(
      sources.map((source) =>
        queue.add(async () => {
          const session = idle.pop()!;
          try {
            const result = await ingestSource(session, source, { ...options, sizes }, lock, progress, fileIds);
            log(describeResult(result));
            progress.fileDone();
            return result;
          } finally {
            idle.push(session);
          }
        }),
      ),
    );
    files.push(...(results as FileResult[]));
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

async function ingestSource(
  session: Session,
  source: Source,
  options: IngestOptions,
  lock: KeyedLock,
  progress: Progress,
  fileIds: { next(): number },
): Promise<FileResult> {
  const name = sourceName(source);
  const started = performance.now();
  const finish = (result: FileResult): FileResult => ({ ...result, seconds: (performance.now() - started) / 1000 });

  if (source.kind === 'stdin' && process.stdin.isTTY) {
    return finish({ ...emptyResult(name, 'error'), message: 'stdin is a terminal; pipe logs into it' });
  }
  let content: Content;
  try {
    content = await openContent(source);
  } catch (err) {
    return finish({ ...emptyResult(name, 'error'), message: describeFsError(err) });
  }
  if (!content.head.length) return finish({ ...emptyResult(name, 'skipped'), message: 'empty' });

  const hints = source.kind === 'file' ? pathHints(source.path) : NO_HINTS;
  // Files that may be one stream (same first bytes, same directory hints) load one after another.
  const key = JSON.stringify([content.head.subarray(0, 128).toString('base64'), hints]);
  return lock.run(key, async () => {
    const size = content.compressed ? undefined : content.stat?.size;
    const found = await findFile(session, content.head, hints, size);
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
    const reader = READERS.get(format)!;
    try {
      const { counts, bytes, note } = await session.transaction(async () => {
        if (replaced) await session.runFile('ingest/forget-file', { file_id: replaced.file_id });
        return loadFile(session, reader, { name, content, hints, previous, options, progress, fileId: previous?.file_id ?? fileIds.next() });
      });
      if (bytes === 0) {
        return finish({ ...emptyResult(name, 'unchanged'), format, ...(readBefore ? { message: readBefore } : {}) });
      }
      const resumed = previous
        ? `resumed at byte ${previous.offset_bytes} (line ${previous.next_line})`
        : replaced
          ? `reloaded: replaced the ${replaced.rows_loaded} rows it loaded before`
          : undefined;
      const message = [resumed, note].filter(Boolean).join('; ');
      return finish({
        path: name,
        status: 'loaded',
        format,
        lines: counts.lines,
        rows: counts.rows,
        rejects: counts.rejects,
        ignored: counts.ignored,
        bytes,
        seconds: 0,
        ...(message ? { message } : {}),
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return finish({ ...emptyResult(name, 'error'), format, message: code ? describeFsError(err) : firstLine(err) });
    }
  });
}

interface LoadInput {
  name: string;
  content: Content;
  hints: PathHints;
  previous: FileRecord | undefined;
  options: IngestOptions;
  progress: Progress;
  /** The stream's id: its own when read before, else a new one. */
  fileId: number;
}

/** Read the new part of one file, batch by batch, and record how far it was read (inside its transaction). */
async function loadFile(session: Session, reader: FormatReader, input: LoadInput): Promise<{ counts: Counts; bytes: number; note: string | undefined }> {
  const { name, content, hints, previous, options, progress, fileId } = input;
  const context: FileContext = {
    head: content.head.toString('utf8'),
    mtime: content.stat?.mtime ?? new Date(),
    ...(options.year !== undefined ? { year: options.year } : {}),
    ...(options.fieldMap ? { fieldMap: options.fieldMap } : {}),
  };
  const params: Params = {
    file_id: fileId,
    path: name,
    format: reader.name,
    path_region: hints.region,
    path_host: hints.host,
    path_service: hints.service,
    cli_region: options.region ?? null,
    // The file's own origin, for formats whose records name none (set below).
    file_host: null,
    file_region: null,
    ...reader.fileParams?.(context),
  };
  if (reader.originPerFile) {
    const [origin] = await session.allFile('ingest/file-origin', params);
    params['file_host'] = origin!['host'] as string;
    params['file_region'] = origin!['region'] as string;
  }
  for (const file of reader.before ?? []) await session.runFile(file, params);
  const counts: Counts = { lines: 0, loadedLines: 0, rows: 0, rejects: 0, ignored: 0 };
  let bytes = 0;
  let nextLine = previous?.next_line ?? 1;
  const offset = previous?.offset_bytes ?? 0;
  const add = (pass: Pass): void => {
    for (const k of Object.keys(counts) as (keyof Counts)[]) counts[k] += pass[k];
    bytes += pass.bytes;
    nextLine = pass.nextLine;
  };
  if (content.path !== undefined) {
    // A plain file: one statement reads it all, block by block as DuckDB asks.
    const fd = openSync(content.path, 'r');
    try {
      const source = new FileSource(fd, offset, nextLine, content.stat.size, options.sizes?.blockBytes, (block) =>
        progress.batch(block.consumed, block.lines, 0),
      );
      try {
        const pass = await loadPass(session, reader, source, params, nextLine);
        add(pass);
        progress.batch(0, 0, pass.rejects);
      } finally {
        source.close();
      }
    } finally {
      closeSync(fd);
    }
  } else {
    // A one-pass stream (gzip, stdin): batches of blocks, the next read while one loads.
    for await (const blocks of readAhead(batchesOf(content.from(offset), nextLine, options.sizes))) {
      const pass = await loadPass(session, reader, new ArraySource(blocks), params, nextLine);
      add(pass);
      progress.batch(pass.bytes, pass.lines, pass.rejects);
    }
  }
  if (bytes > 0) {
    const firstLine = previous?.next_line ?? 1;
    const dropped = await dropTimeOutliers(session, reader, { file_id: fileId, first_line: firstLine, path: name, format: reader.name });
    counts.loadedLines -= dropped.lines;
    counts.rejects += dropped.lines;
    counts.rows -= dropped.rows;
    await session.run(formatSql(reader.markDirty ?? 'ingest/mark-dirty', reader), { file_id: fileId, first_line: firstLine });
  }
  await saveFile(session, {
    file_id: fileId,
    path: name,
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
    region: hints.region,
    host: hints.host,
    service: hints.service,
  });
  return { counts, bytes, note: reader.fileNote?.(context) };
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

/** What one statement's pass over blocks loaded, and where it stopped. */
interface Pass extends Counts {
  bytes: number;
  nextLine: number;
}

/**
 * Load one pass over blocks: lines that parse go to the format's table in one statement; only
 * the blocks where some lines gave no row are read and parsed again, for their reasons
 * (rejects) or to be ignored (comments, headers). Every line is accounted for, or the file's
 * transaction fails.
 */
async function loadPass(session: Session, reader: FormatReader, source: BlockSource, params: Params, firstLine: number): Promise<Pass> {
  const rows = await withSource(source, (id) => session.change(formatSql('ingest/load-rows', reader), { ...params, batch: id }));
  const seen = source.seen;
  const lines = seen.reduce((n, b) => n + b.lines + (b.overlong ? 1 : 0), 0);
  const bytes = seen.reduce((n, b) => n + b.consumed, 0);
  const nextLine = seen[seen.length - 1]?.nextLine ?? firstLine;
  const bound = { ...params, first_line: firstLine, next_line: nextLine };
  const loadedLines = reader.rowsPerLine === 'many' ? await countLoadedLines(session, reader, bound) : rows;
  let rejects = 0;
  let ignored = 0;
  for (const block of seen) {
    if (!block.overlong) continue;
    const raw = Buffer.from(block.overlong).toString('utf8').replaceAll('\0', '\uFFFD');
    const reason = `no newline in ${MAX_LINE_BYTES} bytes (${block.consumed} bytes up to the next): not read`;
    rejects += await session.change(sqlFile('ingest/reject-overlong'), { ...bound, line_no: block.firstLine, reason, raw });
  }
  if (loadedLines < lines) {
    for (const group of await incompleteGroups(session, reader, seen, bound)) {
      await withSource(source.again(group), (id) => session.run(formatSql('ingest/stage-missing', reader), { ...bound, batch: id }));
      rejects += await session.change(sqlFile('ingest/load-rejects'), bound);
      const [row] = await session.all("SELECT count(*) AS n FROM missing WHERE reason = 'ignored'");
      ignored += row!['n'] as number;
    }
  }
  if (loadedLines + rejects + ignored !== lines) {
    throw new Error(`internal: ${lines} lines from line ${firstLine} gave ${loadedLines} loaded, ${rejects} rejects, ${ignored} ignored`);
  }
  for (const file of reader.after ?? []) await session.run(formatSql(file, reader), bound);
  return { lines, loadedLines, rows, rejects, ignored, bytes, nextLine };
}

/** Blocks parsed again by one statement, at most. */
const REPARSE_BLOCKS = 64;

/**
 * The blocks (indexes into `seen`) holding lines that gave no row, in groups parsed again by
 * one statement each.
 */
async function incompleteGroups(session: Session, reader: FormatReader, seen: readonly BlockInfo[], bound: Params): Promise<number[][]> {
  const found = await session.all(formatSql('ingest/incomplete-blocks', reader), {
    ...bound,
    block_last: listValue(seen.map((b) => BigInt(b.nextLine - 1))),
  });
  const loaded = new Map(found.map((r) => [Number(r['last_line']), Number(r['loaded'])]));
  const groups: number[][] = [];
  seen.forEach((block, i) => {
    if ((loaded.get(block.nextLine - 1) ?? 0) >= block.lines) return;
    const last = groups[groups.length - 1];
    if (last && last.length < REPARSE_BLOCKS) last.push(i);
    else groups.push([i]);
  });
  return groups;
}

async function countLoadedLines(session: Session, reader: FormatReader, params: Params): Promise<number> {
  const [row] = await session.all(
    `SELECT count(DISTINCT line_no) AS n FROM ${reader.loadTable ?? reader.table} WHERE file_id = $file_id AND line_no >= $first_line`,
    params,
  );
  return row!['n'] as number;
}

/** A line this many days (or the file's own span, if longer) outside its file's usual times is rejected. */
const TIME_OUTLIER_MARGIN_DAYS = 30;
/** Files with fewer rows than this have no "usual" times to judge by (two lines ten years apart stay). */
const TIME_OUTLIER_MIN_ROWS = 20;

/** Reject the lines just loaded whose time lies far outside the rest of their file (find-time-outliers.sql). */
async function dropTimeOutliers(session: Session, reader: FormatReader, params: Params): Promise<{ lines: number; rows: number }> {
  await session.run(formatSql('ingest/find-time-outliers', reader), {
    file_id: params['file_id']!,
    first_line: params['first_line']!,
    margin_days: TIME_OUTLIER_MARGIN_DAYS,
    min_rows: TIME_OUTLIER_MIN_ROWS,
  });
  const [found] = await session.all('SELECT count(*) AS n FROM time_outliers');
  const lines = Number(found!['n']);
  let rows = 0;
  if (lines > 0) {
    const [before] = await session.all(formatSql('ingest/count-file-rows', reader), { file_id: params['file_id']! });
    await session.run(formatSql('ingest/drop-time-outliers', reader), { file_id: params['file_id']!, path: params['path']!, format: params['format']! });
    const [after] = await session.all(formatSql('ingest/count-file-rows', reader), { file_id: params['file_id']! });
    rows = Number(before!['n']) - Number(after!['n']);
  }
  await session.run('DROP TABLE time_outliers');
  return { lines, rows };
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
