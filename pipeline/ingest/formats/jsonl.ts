import type { FormatReader } from './reader.js';

/** How a JSON object line starts: `{"key":`. */
const OBJECT_START = /^\{\s*"(?:[^"\\]|\\.)*"\s*:/;

/** Structured application logs, one JSON object a line; change events also go to `changes`. */
export const jsonl: FormatReader = {
  name: 'jsonl',
  table: 'log_lines',
  sniff: (line, partial) => {
    const text = line.trim();
    if (partial) return OBJECT_START.test(text);
    if (!text.startsWith('{') || !text.endsWith('}')) return false;
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    } catch {
      return false;
    }
  },
  runParams: ({ fieldMap }) => Object.fromEntries(MAPPABLE.map((field) => [`map_${field}`, fieldMap?.[field] === undefined ? null : jsonPath(fieldMap[field]!)])),
  // journald's sshd and PAM lines are logins, as in syslog; a container's access lines are requests.
  after: ['ingest/jsonl-changes', 'ingest/syslog-auth', 'ingest/jsonl-access'],
};

/** The fields `--map` can name a key for (msg: the message). */
export const MAPPABLE = ['ts', 'level', 'msg', 'service', 'host', 'region', 'status', 'latency_ms', 'event', 'version'] as const;

/** `message.text` → the JSON path `$."message"."text"` (each dot a level; any other character kept). */
function jsonPath(key: string): string {
  return '$' + key.split('.').map((part) => `."${part.replace(/["\\]/g, '\\$&')}"`).join('');
}
