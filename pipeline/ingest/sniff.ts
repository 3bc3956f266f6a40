import type { Format } from '../types.js';
import { READERS } from './formats/index.js';

/** How many non-blank lines of the head are looked at. */
const SNIFF_LINES = 20;

/**
 * Pick the format of a file from the first non-blank, non-comment lines of its content: the format that
 * recognises most of them, provided it recognises at least half. `undefined` when none does. The
 * head is cut mid-line unless it is the whole content: that last line is judged by its start
 * (a JSON log whose first line is megabytes long is still a JSON log).
 */
export function sniffFormat(head: Buffer, complete: boolean): Format | undefined {
  // Only as far as SNIFF_LINES lines: a pile of small files is sniffed file by file.
  const text = head.toString('utf8');
  const lines: { line: string; partial: boolean }[] = [];
  for (let start = 0; lines.length < SNIFF_LINES; ) {
    const newline = text.indexOf('\n', start);
    const line = text.slice(start, newline < 0 ? text.length : newline).replace(/\r$/, '');
    if (line.trim() !== '' && !line.startsWith('#')) lines.push({ line, partial: !complete && newline < 0 });
    if (newline < 0) break;
    start = newline + 1;
  }
  if (!lines.length) return undefined;
  let best: { format: Format; hits: number } | undefined;
  for (const reader of READERS.values()) {
    const hits = lines.filter(({ line, partial }) => reader.sniff(line, partial)).length;
    if (hits * 2 >= lines.length && hits > (best?.hits ?? 0)) best = { format: reader.name, hits };
  }
  return best?.format;
}
