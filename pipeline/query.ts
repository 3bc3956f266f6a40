import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { QUERIES_DIR, firstLine, type Params, type Row, type Store } from './db.js';
import { FaultlineError, UsageError } from './errors.js';
import { formatTable } from './format-table.js';

/** A user-facing query of `queries/named/`: its name, one-line description and parameters. */
export interface NamedQuery {
  name: string;
  description: string;
  params: string[];
  sql: string;
}

/** The named queries, with the description from their first comment line. */
export function namedQueries(): NamedQuery[] {
  const dir = path.join(QUERIES_DIR, 'named');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => {
      const sql = readFileSync(path.join(dir, f), 'utf8');
      const description = (/^--\s*(.*)$/m.exec(sql)?.[1] ?? '').trim();
      const code = sql.replace(/--[^\n]*/g, '');
      const params = [...new Set([...code.matchAll(/\$([a-z_][a-z0-9_]*)/gi)].map((m) => m[1]!))];
      return { name: f.replace(/\.sql$/, ''), description, params, sql };
    });
}

/**
 * The named query `nameOrSql` names (undefined for SQL text), its parameters checked: a usage
 * error before any database is opened.
 */
export function resolveQuery(nameOrSql: string, given: Record<string, string>): NamedQuery | undefined {
  const named = namedQueries().find((q) => q.name === nameOrSql);
  if (!named) {
    if (/^[\w-]+$/.test(nameOrSql)) {
      throw new UsageError(`query: no named query "${nameOrSql}" (faultline query --list shows them), and it is not SQL`);
    }
    return undefined;
  }
  for (const key of Object.keys(given)) {
    if (!named.params.includes(key)) {
      throw new UsageError(`query ${named.name}: no parameter "${key}" (it takes: ${named.params.join(', ') || 'none'})`);
    }
  }
  return named;
}

/**
 * Run a named query (parameters bound; the ones not given are NULL, which each query reads as
 * "no filter" or its default) or any SQL text.
 */
export async function runQuery(store: Store, nameOrSql: string, given: Record<string, string>): Promise<Row[]> {
  const named = resolveQuery(nameOrSql, given);
  if (!named) {
    try {
      return await store.main.all(nameOrSql, given);
    } catch (err) {
      throw new FaultlineError(`query: ${firstLine(err)}`);
    }
  }
  const params: Params = {};
  for (const p of named.params) params[p] = given[p] ?? null;
  try {
    return await store.main.all(named.sql, params);
  } catch (err) {
    throw new FaultlineError(`query ${named.name}: ${firstLine(err)}`);
  }
}

export type OutputFormat = 'table' | 'csv' | 'json' | 'arrow';

/** Rows as text (table, csv, json) or bytes (an Arrow IPC stream; Arrow is loaded only for it). */
export async function formatRows(rows: Row[], format: OutputFormat): Promise<string | Uint8Array> {
  switch (format) {
    case 'table':
      return formatTable(rows);
    case 'json':
      return JSON.stringify(rows, null, 2) + '\n';
    case 'csv': {
      if (!rows.length) return '';
      const columns = Object.keys(rows[0]!);
      const cell = (v: unknown): string => {
        if (v === null || v === undefined) return '';
        const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
        return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      };
      return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
    }
    case 'arrow': {
      const { tableFromJSON, tableToIPC } = await import('apache-arrow');
      return tableToIPC(tableFromJSON(rows.map((r) => flatten(r))), 'stream');
    }
  }
}

/** Arrow from JSON wants flat values: lists and structs go as JSON text. */
function flatten(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
  return out;
}
