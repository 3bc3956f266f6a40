import type { Session, Store } from '../db.js';
import { firstLine, sqlFile } from '../db.js';
import { FaultlineError } from '../errors.js';
import type { Format } from '../types.js';
import { batchesOf, readAhead, registerBlocks, withBatch, type Batch, type BatchSizes } from './blocks.js';
import { describeFsError, discover } from './discover.js';
import type { FormatReader } from './formats/reader.js';
import { fingerprint, findFile, newFileId, saveFile, type FileRecord } from './manifest.js';
import { loadInventory, pathHints, readInventory, type PathHints } from './region.js';
import { READERS, sniffFormat } from './sniff.js';
import { HEAD_BYTES, openContent, sourceName, type Content, type Source } from './source.js';

export interface IngestOptions {
  /** Force this format instead of sniffing (`--format`). */
  format?: Format;
  /** CSV `host,region` (`--inventory`). */
  inventory?: string;
  /** Region of last resort (`--region`). */
  region?: string;
  /** Where one-line progress and summaries go (stderr in the CLI). */
  log?: (line: string) => void;
  /** Block/batch sizes (tests use small ones to cross block and batch boundaries). */
  sizes?: BatchSizes;
}

/** What happened to one input. */
export interface FileResult {
  path: string;
  status: 'loaded' | 'unchanged' | 'skipped' | 'error';
  format?: Format;
  /** Lines, rows and rejects read in this run (lines = rows + rejects). */
  lines: number;
  rows: number;
  rejects: number;
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
  rows: number;
  rejects: number;
}

/**
 * `faultline ingest`: load every log under `paths` into the store, each file in its own
 * transaction recorded in `ingested_files`, so a re-run adds nothing and a grown file is read
 * from where the last run stopped.
 */
export async function ingest(store: Store, paths: readonly string[], options: IngestOptions = {}): Promise<IngestResult> {
  if (options.format && !READERS.has(options.format)) {
    throw new FaultlineError(`--format ${options.format}: not a format faultline reads (${[...READERS.keys()].join(', ')})`);
  }
  const inventory = options.inventory ? await readInventory(options.inventory) : new Map<string, string>();
  const log = options.log ?? (() => undefined);
  const { sources, errors } = await discover(paths);
  const files: FileResult[] = errors.map((e) => ({ ...emptyResult(e.path, 'error'), message: e.message }));
  for (const e of errors) log(`error: ${e.path}: ${e.message}`);

  const session = await store.session();
  // Global in DuckDB: a filter on the parse's `reason` must not re-run the parse (load-rows.sql).
  await session.run("SET disabled_optimizers = 'filter_pushdown'");
  try {
    registerBlocks(session);
    await session.runFile('ingest/session');
    await loadInventory(session, inventory);
    for (const source of sources) {
      const result = await ingestSource(session, source, options);
      files.push(result);
      log(describeResult(result));
    }
  } finally {
    await session.run('RESET disabled_optimizers').catch(() => undefined);
    session.close();
  }
  return { files, failed: files.filter((f) => f.status === 'error').length };
}

function emptyResult(path: string, status: FileResult['status']): FileResult {
  return { path, status, lines: 0, rows: 0, rejects: 0, bytes: 0, seconds: 0 };
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
        `loaded ${r.path} [${r.format}]: ${r.rows} rows, ${r.rejects} rejects of ${r.lines} lines` +
        ` (${(r.bytes / 1e6).toFixed(1)} MB, ${r.seconds.toFixed(2)} s)${r.message ? `, ${r.message}` : ''}`
      );
  }
}

async function ingestSource(session: Session, source: Source, options: IngestOptions): Promise<FileResult> {
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

  const hints: PathHints = source.kind === 'file' ? pathHints(source.path) : { region: null, host: null, service: null };
  const size = content.compressed ? undefined : content.stat?.size;
  const previous = await findFile(session, content.head, hints, size);
  const readBefore = previous && previous.path !== name ? `read before as ${previous.path}` : undefined;
  if (previous && isUnchanged(previous, content, size)) {
    return finish({ ...emptyResult(name, 'unchanged'), format: previous.format, ...(readBefore ? { message: readBefore } : {}) });
  }

  const format = options.format ?? previous?.format ?? sniffFormat(content.head, content.head.length < HEAD_BYTES);
  if (!format) {
    const explicit = source.kind === 'stdin' || source.explicit;
    return finish({
      ...emptyResult(name, explicit ? 'error' : 'skipped'),
      message: explicit
        ? 'cannot tell its format from the first lines; name it with --format'
        : 'not a recognised log format',
    });
  }
  const reader = READERS.get(format);
  if (!reader) return finish({ ...emptyResult(name, 'error'), format, message: `format ${format} is not supported yet` });

  try {
    const { counts, bytes } = await session.transaction(async () => {
      const fileId = previous?.file_id ?? (await newFileId(session));
      const counts: Counts = { lines: 0, rows: 0, rejects: 0 };
      let bytes = 0;
      let nextLine = previous?.next_line ?? 1;
      const params = {
        file_id: fileId,
        path: name,
        format,
        path_region: hints.region,
        path_host: hints.host,
        path_service: hints.service,
        cli_region: options.region ?? null,
      };
      for await (const batch of readAhead(batchesOf(content.from(previous?.offset_bytes ?? 0), nextLine, options.sizes))) {
        const loaded = await loadBatch(session, reader, batch, params);
        counts.lines += loaded.lines;
        counts.rows += loaded.rows;
        counts.rejects += loaded.rejects;
        bytes += batch.bytes;
        nextLine = batch.nextLine;
      }
      const record: FileRecord = {
        file_id: fileId,
        path: name,
        format,
        compressed: content.compressed,
        ...fingerprint(content.head),
        device: content.stat?.dev ?? null,
        inode: content.stat?.ino ?? null,
        size_bytes: content.stat?.size ?? null,
        offset_bytes: (previous?.offset_bytes ?? 0) + bytes,
        next_line: nextLine,
        lines: (previous?.lines ?? 0) + counts.lines,
        rows_loaded: (previous?.rows_loaded ?? 0) + counts.rows,
        rejects: (previous?.rejects ?? 0) + counts.rejects,
        region: hints.region,
        host: hints.host,
        service: hints.service,
      };
      await saveFile(session, record);
      return { counts, bytes };
    });
    if (bytes === 0) {
      return finish({ ...emptyResult(name, 'unchanged'), format, ...(readBefore ? { message: readBefore } : {}) });
    }
    const resumed = previous ? `resumed at byte ${previous.offset_bytes} (line ${previous.next_line})` : undefined;
    return finish({
      path: name,
      status: 'loaded',
      format,
      ...counts,
      bytes,
      seconds: 0,
      ...(resumed ? { message: resumed } : {}),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return finish({ ...emptyResult(name, 'error'), format, message: code ? describeFsError(err) : firstLine(err) });
  }
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

/**
 * Load one batch: rows that parse go to the format's table in one pass; only when fewer rows
 * than lines arrived are the missing lines parsed again for their reasons and put in rejects.
 */
async function loadBatch(
  session: Session,
  reader: FormatReader,
  batch: Batch,
  params: Record<string, string | number | null>,
): Promise<Counts> {
  return withBatch(batch.blocks, async (batchId) => {
    const bound = { ...params, batch: batchId, first_line: batch.firstLine };
    const rows = await session.change(formatSql('ingest/load-rows', reader), bound);
    const rejects = rows < batch.lines ? await session.change(formatSql('ingest/load-rejects', reader), bound) : 0;
    if (rows + rejects !== batch.lines) {
      throw new Error(`internal: ${batch.lines} lines from line ${batch.firstLine} gave ${rows} rows and ${rejects} rejects`);
    }
    for (const file of reader.after ?? []) await session.runFile(file, bound);
    return { lines: batch.lines, rows, rejects };
  });
}

/** A load statement with the format's table and parse SQL filled in. */
function formatSql(name: string, reader: FormatReader): string {
  // Replacer functions: a string replacement would expand `$'` and `$&` inside the SQL.
  return sqlFile(name)
    .replaceAll('{table}', () => reader.table)
    .replaceAll('{parse}', () => sqlFile(`ingest/${reader.name}`));
}
