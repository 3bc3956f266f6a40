import type { Row } from './db.js';

/** Rows as an aligned text table (numbers right-aligned), for terminals. */
export function formatTable(rows: readonly Row[]): string {
  if (!rows.length) return '(no rows)\n';
  const columns = Object.keys(rows[0]!);
  const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const numeric = columns.map((c) => rows.every((r) => r[c] === null || typeof r[c] === 'number'));
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length), numeric[i] ? 0 : 0));
  const line = (values: string[]): string =>
    values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n') + '\n';
}
