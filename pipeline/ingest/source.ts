import { closeSync, createReadStream, fstatSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { constants as zlibConstants, createGunzip, gunzipSync } from 'node:zlib';
import { Readable } from 'node:stream';

/** Where log bytes come from: a file on disk or standard input. */
export type Source = { kind: 'file'; path: string; explicit: boolean } | { kind: 'stdin' };

/** How a source is named in messages and in `ingested_files.path`. */
export function sourceName(source: Source): string {
  return source.kind === 'file' ? source.path : '-';
}

/**
 * The first bytes of content (decompressed), used to sniff the format (its first 20 lines, or
 * the start of a longer one) and to fingerprint the stream (its first 1 KiB). 64 KiB before: a
 * pile of 1,000 files spent 0.5 s reading heads, 0.2 s now.
 */
export const HEAD_BYTES = 16 * 1024;

/**
 * An opened source: its head, whether it is gzip, and how to read its content: a plain file by
 * `path` (read block by block from any offset, see blocks.ts FileSource), a one-pass stream
 * (gzip, stdin) by `from`.
 */
export type Content =
  | {
      head: Buffer;
      compressed: false;
      stat: Stats;
      path: string;
      /** The head is all the file held when it was looked at (a small file): read once, not again. */
      whole: boolean;
    }
  | {
      head: Buffer;
      compressed: boolean;
      stat?: Stats;
      path?: undefined;
      /** The content bytes from `offset` to the end (decompressed). Call once. */
      from(offset: number): AsyncIterable<Buffer>;
    };

const GZIP_MAGIC = [0x1f, 0x8b];

function isGzip(buf: Buffer): boolean {
  return buf.length >= 2 && buf[0] === GZIP_MAGIC[0] && buf[1] === GZIP_MAGIC[1];
}

/** A file's stat and first HEAD_BYTES bytes (raw: compressed for gzip). */
export interface Peek {
  stat: Stats;
  magic: Buffer;
  /** `magic` is the whole file: the read found its end. */
  whole: boolean;
}

/**
 * Read a file's stat and first bytes, and close it: synchronously, since it is a few system calls
 * that each wait on the disk, and waiting through the thread pool cost ~10x more (1,000 files:
 * 0.2-0.5 s against 0.03 s, BENCHMARKS.md).
 */
export function peekFile(path: string): Peek {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    // No bigger than the file (and one byte to see it grew): a pile's heads are held until its
    // load, and 16 KiB buffers for 10,000 small files kept the garbage collector busy.
    let want = Math.min(HEAD_BYTES, stat.size + 1);
    let magic = Buffer.allocUnsafe(want);
    let bytesRead = readSync(fd, magic, 0, want, 0);
    if (bytesRead === want && want < HEAD_BYTES) {
      want = HEAD_BYTES; // it grew since its stat: read a whole head
      magic = Buffer.allocUnsafe(want);
      bytesRead = readSync(fd, magic, 0, want, 0);
    }
    return { stat, magic: magic.subarray(0, bytesRead), whole: bytesRead < want };
  } finally {
    closeSync(fd);
  }
}

/**
 * Open a source for reading; gzip is recognised by its magic bytes, not its name. A path that is
 * a pipe or a device, not a file (`faultline ingest <(kubectl logs …)`, a named pipe), is read
 * once as a stream, as stdin is.
 */
export async function openContent(source: Source, smallGzip?: SmallGzip): Promise<Content> {
  if (source.kind === 'file') {
    // Stat before opening: opening a named pipe would wait for a writer.
    const kind = statSync(source.path);
    if (!kind.isFile() && !kind.isDirectory()) return streamOnce(createReadStream(source.path, { highWaterMark: 1 << 20 }));
    const { stat, magic, whole } = peekFile(source.path);
    if (!isGzip(magic)) {
      return { head: magic, compressed: false, stat, path: source.path, whole };
    }
    if (smallGzip && stat.size <= smallGzip.bytes) {
      const compressed = whole ? magic : readFileSync(source.path);
      return { head: gunzipHead(compressed), compressed: true, stat, from: (offset) => gunzipFrom(compressed, offset, smallGzip.maxBytes) };
    }
    return streamContent(createReadStream(source.path, { highWaterMark: 1 << 20 }).pipe(createGunzip()), true, stat);
  }
  return streamOnce(process.stdin as AsyncIterable<Buffer | string>);
}

/**
 * A small gzip file (a rotation, `access.log.2.gz`) is read into memory when it is looked at and
 * decompressed there, its head at once and the rest when it is loaded (a re-run that finds it
 * unchanged needs only the head): through streams, each of 2,000 such files cost ~1 ms more to load
 * than its plain twin, and a re-run left a stream open for each. `bytes`: at most this many
 * compressed bytes; `maxBytes`: at most this many decompressed at once (more: through a stream).
 */
export interface SmallGzip {
  bytes: number;
  maxBytes: number;
}

/** The first HEAD_BYTES decompressed bytes, from as little of the compressed bytes as gives them. Corrupt data throws. */
function gunzipHead(compressed: Buffer): Buffer {
  for (let n = Math.min(compressed.length, HEAD_BYTES); ; n = Math.min(compressed.length, n * 4)) {
    // (a flush, not a finish: the cut end of a prefix is no error)
    const out = gunzipSync(compressed.subarray(0, n), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    if (out.length >= HEAD_BYTES || n === compressed.length) return out.subarray(0, HEAD_BYTES);
  }
}

/** The decompressed content from `offset` on: at once when it holds at most `maxBytes`, else through a stream. */
async function* gunzipFrom(compressed: Buffer, offset: number, maxBytes: number): AsyncGenerator<Buffer> {
  let all: Buffer;
  try {
    all = gunzipSync(compressed, { maxOutputLength: maxBytes + 1 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') throw err;
    const stream = Readable.from([compressed]).pipe(createGunzip()) as AsyncIterable<Buffer>;
    yield* skipTo(Buffer.alloc(0), stream[Symbol.asyncIterator](), offset);
    return;
  }
  if (offset < all.length) yield all.subarray(offset);
}

/** A one-pass input (stdin, a pipe): gzip when its first bytes say so. */
async function streamOnce(input: AsyncIterable<Buffer | string>): Promise<Content> {
  const iterator = input[Symbol.asyncIterator]();
  const first = await iterator.next();
  const firstBuf = first.done ? Buffer.alloc(0) : toBuffer(first.value);
  const rest = Readable.from(first.done ? [] : continueWith(firstBuf, iterator));
  return isGzip(firstBuf) ? streamContent(rest.pipe(createGunzip()), true) : streamContent(rest, false);
}

function toBuffer(chunk: Buffer | string): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
}

async function* continueWith(first: Buffer, rest: AsyncIterator<Buffer | string>): AsyncGenerator<Buffer> {
  yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield toBuffer(next.value);
}

/** A one-pass stream (gzip, stdin): buffer the head, then skip to an offset by reading past it. */
async function streamContent(stream: NodeJS.ReadableStream, compressed: boolean, stat?: Stats): Promise<Content> {
  const iterator = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const buffered: Buffer[] = [];
  let bufferedBytes = 0;
  while (bufferedBytes < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) break;
    buffered.push(next.value);
    bufferedBytes += next.value.length;
  }
  const all = Buffer.concat(buffered, bufferedBytes);
  return {
    head: all.subarray(0, HEAD_BYTES),
    compressed,
    ...(stat ? { stat } : {}),
    from: (offset) => skipTo(all, iterator, offset),
  };
}

async function* skipTo(buffered: Buffer, iterator: AsyncIterator<Buffer>, offset: number): AsyncGenerator<Buffer> {
  let position = 0;
  let chunk: Buffer | undefined = buffered;
  while (chunk) {
    const end = position + chunk.length;
    if (end > offset) yield position >= offset ? chunk : chunk.subarray(offset - position);
    position = end;
    const next = await iterator.next();
    chunk = next.done ? undefined : next.value;
  }
}
