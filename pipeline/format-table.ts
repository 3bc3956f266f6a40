import type { Row } from './db.js';

/** Columns are never cut narrower than this (when even that does not fit, the line runs over). */
const MIN_COLUMN_WIDTH = 6;
const GAP = '  ';

/**
 * The width tables are fitted to: the terminal's, else $COLUMNS, else none (a pipe or a file
 * gets whole values; `--format csv|json` always does).
 */
export function outputWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  if (stream.isTTY && stream.columns) return stream.columns;
  const env = Number(process.env['COLUMNS']);
  return Number.isInteger(env) && env > 0 ? env : Infinity;
}

/**
 * Rows as an aligned text table (numbers right-aligned), for terminals, fitted to `width`: the
 * widest columns are narrowed first, to one common cap, and cut cells end with "…".
 */
export function formatTable(rows: readonly Row[], width: number = outputWidth()): string {
  if (!rows.length) return '(no rows)\n';
  const columns = Object.keys(rows[0]!);
  const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v).replace(/[\r\n\t]+/g, ' '));
  const numeric = columns.map((c) => rows.every((r) => r[c] === null || typeof r[c] === 'number' || typeof r[c] === 'bigint'));
  const natural = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const widths = fit(natural, width - GAP.length * (columns.length - 1));
  const cut = (v: string, w: number): string => (v.length <= w ? v : `${v.slice(0, w - 1)}…`);
  const line = (values: string[]): string =>
    values.map((v, i) => (numeric[i] ? cut(v, widths[i]!).padStart(widths[i]!) : cut(v, widths[i]!).padEnd(widths[i]!))).join(GAP).trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n') + '\n';
}

/** The column widths that fit `room`: every column capped at the largest cap that fits (never below MIN_COLUMN_WIDTH). */
function fit(natural: number[], room: number): number[] {
  const total = (cap: number): number => natural.reduce((sum, w) => sum + Math.min(w, cap), 0);
  if (total(Infinity) <= room) return natural;
  let cap = Math.max(...natural);
  while (cap > MIN_COLUMN_WIDTH && total(cap) > room) cap--;
  return natural.map((w) => Math.min(w, cap));
}
