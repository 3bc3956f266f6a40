import { isUtf8 } from 'node:buffer';
import { DuckDBBlobValue, DuckDBTableFunction, BIGINT, BLOB } from '@duckdb/node-api';
import type { Session } from '../db.js';

/**
 * A block of whole lines handed to DuckDB in one VARCHAR value.
 * Node keeps control of bytes (offsets, gzip, stdin, rotation); DuckDB splits and parses the
 * lines vectorised on every core (see ../shared/notes/ingest-speed.md).
 */
export interface Block {
  /** Physical (1-based) number of the block's first line in its file. */
  firstLine: number;
  /** The lines as UTF-8 bytes, without the final newline (valid UTF-8, no NUL, LF line ends). */
  bytes: Uint8Array;
  /** How many of them are not empty (the lines the SQL sees). */
  lines: number;
}

/** Bytes per block: big enough to amortise the per-row cost, small enough to spread over threads. */
export const BLOCK_BYTES = 1 << 20;
/** Blocks per SQL statement: one INSERT per batch; bounded memory in flight. */
export const BATCH_BLOCKS = 64;
/** A "line" longer than this is cut so a file without newlines cannot exhaust memory. */
export const MAX_LINE_BYTES = 8 << 20;

const TABLE_FUNCTION = 'faultline_blocks';
const registered = new WeakSet<Session>();
const batches = new Map<number, Block[]>();
let nextBatchId = 1;

/**
 * Make `faultline_blocks(batch_id)` available on this session: it yields (first_line, block) rows,
 * one block per call so DuckDB's threads each take their own block to parse.
 */
export function registerBlocks(session: Session): void {
  if (registered.has(session)) return;
  session.connection.registerTableFunction(
    DuckDBTableFunction.create({
      name: TABLE_FUNCTION,
      parameterTypes: [BIGINT],
      bindFunction: (info) => {
        info.addResultColumn('first_line', BIGINT);
        info.addResultColumn('block', BLOB);
        const id = Number(info.getParameter(0));
        const blocks = batches.get(id);
        if (!blocks) {
          info.setError(`faultline_blocks: no batch ${id}`);
          return;
        }
        info.setBindData({ blocks });
        info.setCardinality(blocks.length, true);
      },
      initFunction: (info) => {
        info.setInitData({ next: 0 });
        info.setMaxThreads(64);
      },
      mainFunction: (info, output) => {
        const { blocks } = info.bindData as { blocks: Block[] };
        const state = info.initData as { next: number };
        const block = blocks[state.next];
        if (!block) {
          output.rowCount = 0;
          return;
        }
        state.next++;
        output.rowCount = 1;
        const lineVector = output.getColumnVector(0);
        lineVector.setItem(0, BigInt(block.firstLine));
        lineVector.flush();
        const blockVector = output.getColumnVector(1);
        blockVector.setItem(0, new DuckDBBlobValue(block.bytes));
        blockVector.flush();
      },
    }),
  );
  registered.add(session);
}

/** Hold `blocks` for the duration of `work(batchId)`, which reads them with `faultline_blocks($batch)`. */
export async function withBatch<T>(blocks: Block[], work: (batchId: number) => Promise<T>): Promise<T> {
  const id = nextBatchId++;
  batches.set(id, blocks);
  try {
    return await work(id);
  } finally {
    batches.delete(id);
  }
}

/** Block and batch sizes; the defaults suit production, tests use small ones to cross boundaries. */
export interface BatchSizes {
  blockBytes?: number;
  batchBlocks?: number;
}

/** Batches of blocks read from a byte stream, with the bytes they consumed. */
export interface Batch {
  blocks: Block[];
  /** Content bytes the batch consumed, newlines included. */
  bytes: number;
  /** Non-empty lines in the batch. */
  lines: number;
  /** Physical number of the batch's first line. */
  firstLine: number;
  /** Physical number of the line after this batch. */
  nextLine: number;
}

/**
 * Cut a stream of content bytes into blocks of whole lines, grouped in batches.
 * `firstLine` numbers the first line of the stream. A final line without a newline is kept.
 * Invalid UTF-8 is decoded with U+FFFD (a raw invalid block would silently become NULL in
 * DuckDB); NUL bytes become U+FFFD too; the CR of CRLF line ends is dropped.
 */
export async function* batchesOf(
  chunks: AsyncIterable<Buffer>,
  firstLine: number,
  sizes: BatchSizes = {},
): AsyncGenerator<Batch> {
  const blockBytes = sizes.blockBytes ?? BLOCK_BYTES;
  const batchBlocks = sizes.batchBlocks ?? BATCH_BLOCKS;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = firstLine;
  let batch: Batch = { blocks: [], bytes: 0, lines: 0, firstLine, nextLine: firstLine };

  const emit = (raw: Buffer, consumed: number): void => {
    let buf = raw;
    if (!isUtf8(buf) || buf.includes(0) || buf.includes(13)) {
      let text = buf.toString('utf8');
      if (text.includes('\0')) text = text.replaceAll('\0', '\uFFFD');
      if (text.includes('\r')) text = text.replace(/\r(?=\n|$)/g, '');
      buf = Buffer.from(text, 'utf8');
    }
    let newlines = 0;
    let empty = 0;
    let previous = -1;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) {
      if (i === previous + 1) empty++;
      previous = i;
      newlines++;
    }
    if (previous + 1 === buf.length) empty++;
    const lines = newlines + 1 - empty;
    if (!batch.blocks.length) batch.firstLine = line;
    batch.blocks.push({ firstLine: line, bytes: buf, lines });
    batch.bytes += consumed;
    batch.lines += lines;
    line += newlines + 1;
    batch.nextLine = line;
  };

  for await (const chunk of chunks) {
    pending.push(chunk);
    pendingBytes += chunk.length;
    while (pendingBytes >= blockBytes) {
      const buf = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
      let cut = buf.lastIndexOf(10);
      if (cut === -1) {
        if (buf.length < MAX_LINE_BYTES) {
          pending = [buf];
          break;
        }
        cut = MAX_LINE_BYTES - 1;
        emit(buf.subarray(0, cut + 1), cut + 1);
      } else {
        emit(buf.subarray(0, cut), cut + 1);
      }
      const rest = buf.subarray(cut + 1);
      pending = rest.length ? [rest] : [];
      pendingBytes = rest.length;
      if (batch.blocks.length >= batchBlocks) {
        yield batch;
        batch = { blocks: [], bytes: 0, lines: 0, firstLine: line, nextLine: line };
      }
      if (pendingBytes < blockBytes) break;
    }
  }
  if (pendingBytes > 0) {
    const buf = Buffer.concat(pending, pendingBytes);
    const end = buf[buf.length - 1] === 10 ? buf.length - 1 : buf.length;
    emit(buf.subarray(0, end), buf.length);
  }
  if (batch.blocks.length) yield batch;
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
