import { createHash } from 'node:crypto';
import type { Session } from '../db.js';
import type { Format } from '../types.js';
import type { PathHints } from './region.js';

/** The fingerprint of a stream covers at most this many bytes of its content. */
export const FINGERPRINT_BYTES = 1024;

/** A row of `ingested_files`: how far one log stream has been read. */
export interface FileRecord {
  file_id: number;
  path: string;
  format: Format;
  compressed: boolean;
  fingerprint: string;
  head_bytes: number;
  device: number | null;
  inode: number | null;
  size_bytes: number | null;
  offset_bytes: number;
  next_line: number;
  lines: number;
  lines_loaded: number;
  rows_loaded: number;
  rejects: number;
  ignored: number;
  region: string | null;
  host: string | null;
  service: string | null;
}

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** How many bytes of a content head its fingerprint covers. */
export function fingerprintBytes(head: Buffer): number {
  return Math.min(head.length, FINGERPRINT_BYTES);
}

/** The fingerprint of a content head: sha256 of its first min(length, 1024) bytes. */
export function fingerprint(head: Buffer): { fingerprint: string; head_bytes: number } {
  const n = fingerprintBytes(head);
  return { fingerprint: sha256(head.subarray(0, n)), head_bytes: n };
}

/**
 * Find the stream this content continues, by content rather than by name (`lengths`: the
 * fingerprint lengths of the streams known, fingerprintLengths), so a renamed or
 * compressed rotation (`access.log` → `access.log.1` → `access.log.2.gz`) is recognised. A stream
 * first seen when shorter than 1024 bytes is matched on the bytes it had then; the path's Hive
 * hints must agree (a rotation stays in its directory). When the content's
 * size is known, a stream read further than that size is not it (a new file that merely starts
 * with the same bytes).
 */
export async function findFile(
  session: Session,
  head: Buffer,
  hints: PathHints,
  size: number | undefined,
  lengths: ReadonlySet<number>,
): Promise<FileRecord | undefined> {
  // Longest fingerprint first: the most specific match wins.
  const sorted = [...lengths].filter((n) => n <= fingerprintBytes(head)).sort((a, b) => b - a);
  for (const n of sorted) {
    const rows = await session.allFile('ingest/find-file', {
      head_bytes: n,
      fingerprint: sha256(head.subarray(0, n)),
      ...hints,
    });
    const match = (rows as unknown as FileRecord[]).find((r) => size === undefined || r.offset_bytes <= size);
    if (match) return match;
  }
  return undefined;
}

/**
 * The fingerprint lengths of the streams read so far (findFile's `lengths`): read once per run,
 * and added to as the run saves streams.
 */
export async function fingerprintLengths(session: Session): Promise<Set<number>> {
  const rows = await session.all('SELECT DISTINCT head_bytes FROM ingested_files');
  return new Set(rows.map((row) => Number(row['head_bytes'])));
}
