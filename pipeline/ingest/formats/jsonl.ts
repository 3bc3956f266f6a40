import type { FormatReader } from './reader.js';

/** Structured application logs, one JSON object a line; change events also go to `changes`. */
export const jsonl: FormatReader = {
  name: 'jsonl',
  table: 'log_lines',
  sniff: (line) => {
    const text = line.trim();
    if (!text.startsWith('{') || !text.endsWith('}')) return false;
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    } catch {
      return false;
    }
  },
  after: ['ingest/jsonl-changes'],
};
