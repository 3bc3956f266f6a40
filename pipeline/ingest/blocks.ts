import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DuckDBBlobValue, DuckDBTableFunction, BIGINT, BLOB } from '../duckdb.js';
import type { Session } from '../db.js';

/**
 * A block of whole lines handed to DuckDB in one value.
 * Node keeps control of bytes (offsets, gzip, stdin, rotation); DuckDB splits and parses the
 * lines vectorised on every core (measurements in BENCHMARKS.md). Blocks cross as UTF-8
 * bytes (a BLOB, decoded in SQL): no JS string is made on the way.
 */
export interface Block {
  /** The file (stream) the block belongs to: one load may read several files. */
  fileId: number;
  /** Physical (1-based) number of the block's first line in its file. */
  firstLine: number;
  /** Physical number of the line after the block. */
  nextLine: number;
  /** The lines as UTF-8 bytes, without the final newline (valid UTF-8, no NUL, LF line ends). */
  bytes: Uint8Array;
  /** How many of them are not empty (the lines the SQL sees). */
  lines: number;
  /** Content bytes the block consumed, its final newline included. */
  consumed: number;
  /**
   * Set when the block stands for one line longer than MAX_LINE_BYTES: its first 4 KiB. Such a
   * line is not handed to DuckDB (`bytes` is empty, `lines` 0); the ingest code rejects it.
   */
  overlong?: Uint8Array;
}

/** What is kept of a block once DuckDB has it: enough to count its lines and to read it again. */
export type BlockInfo = Omit<Block, 'bytes'>;

/** Bytes per block: big enough to amortise the per-row cost, small enough to spread over threads. */
export const BLOCK_BYTES = 1 << 20;
/** Blocks handed to DuckDB in one call of the table function, at most (and about BLOCK_BYTES of them). */
const CALL_BLOCKS = 64;
/** Blocks per batch of a one-pass stream (gzip, stdin): bounded memory in flight. */
export const BATCH_BLOCKS = 64;
/** The smallest read of a plain file (a file that grew since its size was taken is read on in such chunks). */
const SMALL_READ_BYTES = 64 << 10;
/** A "line" without a newline in this many bytes is rejected unread: a file of garbage cannot exhaust memory. */
export const MAX_LINE_BYTES = 8 << 20;

/**
 * One pass over blocks, pulled by DuckDB's scan of `faultline_blocks` block by block (on the
 * JS thread, synchronously), so reading and parsing overlap from the first block on.
 */
export interface BlockSource {
  /** The next block, or undefined at the end. */
  next(): Block | undefined;
  /** The blocks handed out so far, in order. */
  readonly seen: readonly BlockInfo[];
  /** Rough number of blocks in all, for DuckDB's planner. */
  readonly estimate: number;
  /** Some of the blocks already seen (by index in `seen`) again, for a second look at their lines. */
  again(indexes: readonly number[]): BlockSource;
  /** Why reading failed inside DuckDB's scan (an fs error), when it did. */
  failure?: unknown;
  /** Read the next block now, when none is waiting, so a later next() finds it (a failure is kept for it). */
  readAhead?(): void;
}

const TABLE_FUNCTION = 'faultline_blocks';
const registered = new WeakSet<Session>();
const sources = new Map<number, BlockSource>();
let nextSourceId = 1;

/**
 * Make `faultline_blocks(source_id)` available on this session: it yields (file_id, first_line, block) rows,
 * about BLOCK_BYTES per call (one big block, or several small ones) so DuckDB's threads each take
 * their own share to parse.
 */
export function registerBlocks(session: Session): void {
  if (registered.has(session)) return;
  session.connection.registerTableFunction(
    DuckDBTableFunction.create({
      name: TABLE_FUNCTION,
      parameterTypes: [BIGINT],
      bindFunction: (info) => {
        info.addResultColumn('file_id', BIGINT);
        info.addResultColumn('first_line', BIGINT);
        info.addResultColumn('block', BLOB);
        const id = Number(info.getParameter(0));
        const source = sources.get(id);
        if (!source) {
          info.setError(`faultline_blocks: no source ${id}`);
          return;
        }
        info.setBindData({ source });
        info.setCardinality(Math.max(1, source.estimate), false);
      },
      initFunction: (info) => {
        info.setMaxThreads(64);
      },
      mainFunction: (info, output) => {
        const { source } = info.bindData as { source: BlockSource };
        // Small blocks (the files of a pile) go several to a call, up to about BLOCK_BYTES: fewer
        // calls into this thread, and vectors of lines about as full as a big file's.
        const blocks: Block[] = [];
        let bytes = 0;
        try {
          while (blocks.length < CALL_BLOCKS && bytes < BLOCK_BYTES) {
            const block = source.next();
            if (!block) break;
            blocks.push(block);
            bytes += block.bytes.length;
          }
        } catch (err) {
          source.failure = err;
          info.setError(err instanceof Error ? err.message : String(err));
          return;
        }
        output.rowCount = blocks.length;
        if (!blocks.length) return;
        const fileVector = output.getColumnVector(0);
        const lineVector = output.getColumnVector(1);
        const blockVector = output.getColumnVector(2);
        blocks.forEach((block, i) => {
          fileVector.setItem(i, BigInt(block.fileId));
          lineVector.setItem(i, BigInt(block.firstLine));
          blockVector.setItem(i, new DuckDBBlobValue(block.bytes));
        });
        fileVector.flush();
        lineVector.flush();
        blockVector.flush();
      },
    }),
  );
  registered.add(session);
}

/** Hold `source` for the duration of `work(sourceId)`, which reads it with `faultline_blocks($batch)`. */
export async function withSource<T>(source: BlockSource, work: (sourceId: number) => Promise<T>): Promise<T> {
  const id = nextSourceId++;
  sources.set(id, source);
  try {
    return await work(id);
  } catch (err) {
    throw source.failure ?? err;
  } finally {
    sources.delete(id);
  }
}

function infoOf({ bytes: _bytes, ...info }: Block): BlockInfo {
  return info;
}

/** Blocks already in memory (a batch of a one-pass stream). */
export class ArraySource implements BlockSource {
  readonly seen: BlockInfo[] = [];
  private index = 0;

  constructor(private readonly blocks: readonly Block[]) {}

  get estimate(): number {
    return this.blocks.length;
  }

  next(): Block | undefined {
    const block = this.blocks[this.index++];
    if (block) this.seen.push(infoOf(block));
    return block;
  }

  again(indexes: readonly number[]): BlockSource {
    return new ArraySource(indexes.map((i) => this.blocks[i]!));
  }
}

/** Which file a path named when it was looked at: a file opened later must be that one. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/**
 * A plain file read from a byte offset to its end, a block at a time as DuckDB asks (readSync:
 * the table function cannot wait). Blocks seen can be read again from their byte positions.
 * The file is open only while it is read (a load of 10,000 small files holds a descriptor or two,
 * not 10,000), and it must still be the file `identity` names when it is opened, or again: a file
 * replaced meanwhile (rotated, recreated) fails the load, which is then redone file by file.
 */
export class FileSource implements BlockSource {
  readonly seen: BlockInfo[] = [];
  private readonly positions: number[] = [];
  private readonly cutter: BlockCutter;
  private readonly queue: Block[] = [];
  private position: number;
  private blockPosition: number;
  private done = false;
  private prefetching = false;
  private prefetchError: unknown;
  private fd: number | undefined;

  constructor(
    private readonly path: string,
    private readonly identity: FileIdentity,
    private readonly fileId: number,
    offset: number,
    firstLine: number,
    private readonly size: number,
    private readonly blockBytes = BLOCK_BYTES,
    private readonly onBlock?: (block: BlockInfo) => void,
    /** All of the file's bytes, read when it was looked at (a small file): then it is not opened again. */
    private readonly whole?: Buffer,
  ) {
    this.position = offset;
    this.blockPosition = offset;
    this.cutter = new BlockCutter(fileId, firstLine, blockBytes);
  }

  get estimate(): number {
    return Math.ceil((this.size - this.position) / this.blockBytes);
  }

  /** The pass is over (or abandoned): read nothing more, not even ahead. */
  close(): void {
    this.done = true;
    this.release();
  }

  private open(): number {
    if (this.fd === undefined) {
      const fd = openSync(this.path, 'r');
      const { dev, ino } = fstatSync(fd);
      if (dev !== this.identity.dev || ino !== this.identity.ino) {
        closeSync(fd);
        throw new Error(`${this.path} is another file than when it was looked at (rotated or recreated meanwhile)`);
      }
      this.fd = fd;
    }
    return this.fd;
  }

  private release(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  next(): Block | undefined {
    if (this.prefetchError !== undefined) throw this.prefetchError;
    this.fill();
    const block = this.queue.shift();
    if (block) {
      const info = infoOf(block);
      this.seen.push(info);
      this.positions.push(this.blockPosition);
      this.blockPosition += block.consumed;
      this.onBlock?.(info);
    }
    // Read the next block while DuckDB's threads parse this one, so their next call finds it ready.
    if (!this.done && !this.prefetching) {
      this.prefetching = true;
      setImmediate(this.prefetch);
    }
    return block;
  }

  private readonly prefetch = (): void => {
    this.prefetching = false;
    this.readAhead();
  };

  readAhead(): void {
    if (this.prefetchError !== undefined) return;
    try {
      this.fill();
    } catch (err) {
      this.prefetchError = err;
    }
  }

  /** Read until a block is queued or the file ends. */
  private fill(): void {
    if (this.whole && !this.done) {
      this.done = true;
      if (this.position < this.whole.length) this.queue.push(...this.cutter.push(this.whole.subarray(this.position)));
      this.position = Math.max(this.position, this.whole.length);
      this.queue.push(...this.cutter.end());
    }
    while (!this.queue.length && !this.done) {
      // The bytes its size promised, one more to see it grew (a small file: one read of its
      // size); past that size, on in small chunks while it grows.
      const left = this.size - this.position;
      const want = Math.min(this.blockBytes, left > 0 ? left + 1 : SMALL_READ_BYTES);
      const chunk = Buffer.allocUnsafeSlow(want);
      const n = readSync(this.open(), chunk, 0, want, this.position);
      if (n > 0) {
        this.position += n;
        this.queue.push(...this.cutter.push(chunk.subarray(0, n)));
      }
      // Its end: nothing more, or a short read once its size is read.
      if (n === 0 || (n < want && this.position >= this.size)) {
        this.done = true;
        this.queue.push(...this.cutter.end());
        this.release();
      }
    }
  }

  again(indexes: readonly number[]): BlockSource {
    try {
      const blocks = indexes.map((i) => {
        const info = this.seen[i]!;
        const at = this.positions[i]!;
        const raw = this.whole ? this.whole.subarray(at, at + info.consumed) : Buffer.allocUnsafeSlow(info.consumed);
        const n = this.whole ? raw.length : readSync(this.open(), raw, 0, info.consumed, at);
        const end = n > 0 && raw[n - 1] === 10 ? n - 1 : n;
        return makeBlock(this.fileId, raw.subarray(0, end), info.firstLine, n);
      });
      return new ArraySource(blocks);
    } finally {
      if (this.done) this.release();
    }
  }
}

/**
 * Several sources one after another, in one pass: the files of one load, read by one statement
 * (each block names its file). Blocks seen can be read again from the source that gave them.
 */
export class ChainSource implements BlockSource {
  readonly seen: BlockInfo[] = [];
  /** For each block seen: which source gave it, and its index there. */
  private readonly origin: { source: number; index: number }[] = [];
  private current = 0;

  constructor(private readonly sources: readonly BlockSource[]) {}

  get estimate(): number {
    return this.sources.reduce((n, s) => n + s.estimate, 0);
  }

  failure?: unknown;
  private readingAhead = false;

  next(): Block | undefined {
    while (this.current < this.sources.length) {
      const source = this.sources[this.current]!;
      const block = source.next();
      if (block) {
        this.seen.push(source.seen[source.seen.length - 1]!);
        this.origin.push({ source: this.current, index: source.seen.length - 1 });
        // The next file's first block is read while DuckDB parses this one: read on demand, in
        // DuckDB's call, each small file of a pile made its threads wait for this one.
        if (!this.readingAhead) {
          this.readingAhead = true;
          setImmediate(this.readNextAhead);
        }
        return block;
      }
      this.current++;
    }
    return undefined;
  }

  private readonly readNextAhead = (): void => {
    this.readingAhead = false;
    this.sources[this.current + 1]?.readAhead?.();
  };

  again(indexes: readonly number[]): BlockSource {
    const parts = new Map<number, number[]>();
    for (const i of indexes) {
      const { source, index } = this.origin[i]!;
      const list = parts.get(source);
      if (list) list.push(index);
      else parts.set(source, [index]);
    }
    return new ChainSource([...parts].map(([source, local]) => this.sources[source]!.again(local)));
  }
}

/**
 * A block from raw bytes of whole lines (without the final newline). Invalid UTF-8 is decoded
 * with U+FFFD (a raw invalid block would silently become NULL in DuckDB); NUL bytes become
 * U+FFFD too; the CR of CRLF line ends is dropped.
 */
function makeBlock(fileId: number, raw: Buffer, firstLine: number, consumed: number): Block {
  let bytes = raw;
  if (!isUtf8(bytes) || bytes.includes(0) || bytes.includes(13)) {
    let text = bytes.toString('utf8');
    if (text.includes('\0')) text = text.replaceAll('\0', '\uFFFD');
    if (text.includes('\r')) text = text.replace(/\r(?=\n|$)/g, '');
    bytes = Buffer.from(text, 'utf8');
  }
  let newlines = 0;
  let empty = 0;
  let previous = -1;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) {
    if (i === previous + 1) empty++;
    previous = i;
    newlines++;
  }
  if (previous + 1 === bytes.length) empty++;
  return { fileId, firstLine, nextLine: firstLine + newlines + 1, bytes, lines: newlines + 1 - empty, consumed };
}

/**
 * Cuts a stream of content bytes into blocks of whole lines of about `blockBytes`.
 * `firstLine` numbers the first line of the stream. A final line without a newline is kept.
 */
class BlockCutter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Inside a line longer than MAX_LINE_BYTES: its number, first bytes and length so far. */
  private skipping: { line: number; head: Buffer; consumed: number } | undefined;
  /**
   * `pending` is the start of one line with no newline in it yet: chunks without a newline are
   * only added to it, not joined and searched again (a stream's 16 KiB chunks would make a long
   * line cost its length squared).
   */
  private openLine = false;

  constructor(
    private readonly fileId: number,
    private line: number,
    private readonly blockBytes: number,
  ) {}

  /** Take `chunk`; return the blocks it completes. */
  push(chunk: Buffer): Block[] {
    const out: Block[] = [];
    if (this.skipping) {
      const newline = chunk.indexOf(10);
      if (newline === -1) {
        this.skipping.consumed += chunk.length;
        return out;
      }
      this.skipping.consumed += newline + 1;
      out.push(this.overlong());
      chunk = chunk.subarray(newline + 1);
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.openLine && chunk.indexOf(10) === -1) {
      if (this.pendingBytes >= MAX_LINE_BYTES) this.skipLine();
      return out;
    }
    this.openLine = false;
    while (this.pendingBytes >= this.blockBytes) {
      const buf = this.joined();
      const cut = buf.lastIndexOf(10);
      if (cut === -1) {
        this.pending = [buf];
        if (buf.length >= MAX_LINE_BYTES) this.skipLine();
        else this.openLine = true;
        break;
      }
      out.push(this.emit(buf.subarray(0, cut), cut + 1));
      const rest = buf.subarray(cut + 1);
      this.pending = rest.length ? [rest] : [];
      this.pendingBytes = rest.length;
    }
    return out;
  }

  /** The end of the stream: the last block, if anything is left. */
  end(): Block[] {
    if (this.skipping) return [this.overlong()];
    if (this.pendingBytes === 0) return [];
    const buf = this.joined();
    this.pending = [];
    this.pendingBytes = 0;
    const end = buf[buf.length - 1] === 10 ? buf.length - 1 : buf.length;
    return [this.emit(buf.subarray(0, end), buf.length)];
  }

  /** The pending bytes as one buffer: a single chunk (a small file is one read) as it is, not copied. */
  private joined(): Buffer {
    return this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
  }

  /** No newline in 8 MiB: not a log line. Skip to its end; the ingest code rejects it. */
  private skipLine(): void {
    const first = this.pending[0]!.length >= 4096 ? this.pending[0]! : this.joined();
    this.skipping = { line: this.line, head: Buffer.from(first.subarray(0, 4096)), consumed: this.pendingBytes };
    this.pending = [];
    this.pendingBytes = 0;
    this.openLine = false;
  }

  private emit(raw: Buffer, consumed: number): Block {
    const block = makeBlock(this.fileId, raw, this.line, consumed);
    this.line = block.nextLine;
    return block;
  }

  /** The block standing for the long line skipped: no bytes for DuckDB, its head for rejects. */
  private overlong(): Block {
    const { line, head, consumed } = this.skipping!;
    this.skipping = undefined;
    this.line = line + 1;
    return { fileId: this.fileId, firstLine: line, nextLine: line + 1, bytes: EMPTY, lines: 0, consumed, overlong: head };
  }
}

const EMPTY = new Uint8Array(0);

/** Block and batch sizes; the defaults suit production, tests use small ones to cross boundaries. */
export interface BatchSizes {
  blockBytes?: number;
  batchBlocks?: number;
}

/**
 * Cut a one-pass stream of content bytes (gzip, stdin) into batches of blocks, each loaded by
 * one statement. `firstLine` numbers the first line of the stream.
 */
export async function* batchesOf(chunks: AsyncIterable<Buffer>, fileId: number, firstLine: number, sizes: BatchSizes = {}): AsyncGenerator<Block[]> {
  const batchBlocks = sizes.batchBlocks ?? BATCH_BLOCKS;
  const cutter = new BlockCutter(fileId, firstLine, sizes.blockBytes ?? BLOCK_BYTES);
  let batch: Block[] = [];
  for await (const chunk of chunks) {
    for (const block of cutter.push(chunk)) {
      batch.push(block);
      if (batch.length >= batchBlocks) {
        yield batch;
        batch = [];
      }
    }
  }
  batch.push(...cutter.end());
  if (batch.length) yield batch;
}

/** Iterate `source` one item ahead, so the next batch is read while the current one loads. */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  for (;;) {
    const current = await next;
    if (current.done) return;
    next = iterator.next();
    // A failure of the read-ahead surfaces on the next await; keep it from being unhandled meanwhile.
    next.catch(() => undefined);
    yield current.value;
  }
}
