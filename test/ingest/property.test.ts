import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Store } from '../../pipeline/db.js';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { READERS } from '../../pipeline/ingest/formats/index.js';
import type { Format } from '../../pipeline/types.js';
import { FIXTURES, memoryStore, seeded, tempDir } from '../helpers.js';

/** Real lines of each format, to be mutated. */
const SEEDS: Record<Format, string[]> = {
  access: readFileSync(path.join(FIXTURES, 'access-mixed.log'), 'utf8').split('\n').filter(Boolean),
  jsonl: ['app.jsonl', 'docker-json.log', 'journal.json', 'mapped.jsonl'].flatMap((f) => readFileSync(path.join(FIXTURES, f), 'utf8').split('\n').filter(Boolean)),
  influx: readFileSync(path.join(FIXTURES, 'telegraf.influx'), 'utf8').split('\n').filter(Boolean),
  vpcflow: readFileSync(path.join(FIXTURES, 'flows.log'), 'utf8').split('\n').filter(Boolean),
  syslog: [
    ...readFileSync(path.join(FIXTURES, 'syslog-3164.log'), 'utf8').split('\n').filter(Boolean),
    ...readFileSync(path.join(FIXTURES, 'syslog-5424.log'), 'utf8').split('\n').filter(Boolean),
  ],
  errorlog: readFileSync(path.join(FIXTURES, 'error.log'), 'utf8').split('\n').filter(Boolean),
};

/** One line: a real one mutated, random text, random bytes (invalid UTF-8, NUL), or a long one. */
function lineOf(format: Format): fc.Arbitrary<Buffer> {
  const real = fc.constantFrom(...SEEDS[format]);
  const mutated = fc
    .tuple(real, fc.nat(), fc.nat(), fc.string({ maxLength: 6, unit: 'grapheme' }))
    .map(([l, at, cut, insert]) => {
      const i = at % (l.length + 1);
      return l.slice(0, i) + insert + l.slice(i + (cut % 4));
    });
  return fc.oneof(
    { weight: 4, arbitrary: real.map((l) => Buffer.from(l)) },
    { weight: 4, arbitrary: mutated.map((l) => Buffer.from(l)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 80, unit: 'binary' }).map((l) => Buffer.from(l)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b.filter((x) => x !== 10))) },
    { weight: 1, arbitrary: fc.tuple(real, fc.integer({ min: 5_000, max: 70_000 })).map(([l, n]) => Buffer.from(l + 'x'.repeat(n))) },
  );
}

/** A whole file: lines joined by LF or CRLF, with or without a final newline. */
function fileOf(format: Format): fc.Arbitrary<Buffer> {
  return fc
    .tuple(fc.array(lineOf(format), { minLength: 1, maxLength: 25 }), fc.boolean(), fc.boolean())
    .map(([lines, crlf, finalNewline]) => {
      const sep = Buffer.from(crlf ? '\r\n' : '\n');
      const parts: Buffer[] = [];
      lines.forEach((l, i) => {
        parts.push(l);
        if (i < lines.length - 1 || finalNewline) parts.push(sep);
      });
      return Buffer.concat(parts);
    });
}

/** Non-empty lines, counted here from the bytes (a CR before the LF is not content). */
function countLines(buf: Buffer): number {
  let n = 0;
  let start = 0;
  for (let i = 0; i <= buf.length; i++) {
    if (i === buf.length || buf[i] === 10) {
      let end = i;
      if (end > start && buf[end - 1] === 13) end--;
      if (end > start) n++;
      start = i + 1;
    }
  }
  return n;
}

describe('every parser on hostile input (property-based)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'faultline-prop-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let n = 0;
  for (const format of [...READERS.keys()]) {
    it(`${format}: never fails a file, and accounts for every line (lines = loaded + rejects + ignored)`, async () => {
      await fc.assert(
        fc.asyncProperty(fileOf(format), async (bytes) => {
          const file = path.join(dir, `case-${++n}.log`);
          writeFileSync(file, bytes);
          // A store per case: files starting with the same 1 KiB would otherwise be one stream.
          const store = await Store.open(':memory:');
          try {
            const run = await ingest(store, [file], { format, year: 2026 });
            const result = run.files[0]!;
            if (bytes.length === 0) {
              expect(result).toMatchObject({ status: 'skipped', message: 'empty' });
              return;
            }
            expect(result.status, result.message).toBe('loaded');
            expect(result.lines).toBe(countLines(bytes));
            const [m] = await store.main.all(
              `SELECT f.lines, f.lines_loaded, f.rejects, f.ignored,
                      (SELECT count(*) FROM rejects r WHERE r.file_id = f.file_id) AS reject_rows,
                      (SELECT max(length(raw)) FROM rejects r WHERE r.file_id = f.file_id) AS longest_raw,
                      (SELECT count(*) FROM rejects r WHERE r.file_id = f.file_id AND (reason IS NULL OR reason = '')) AS no_reason
               FROM ingested_files f WHERE f.path = $path`,
              { path: file },
            );
            expect(m!['lines']).toBe(result.lines);
            expect((m!['lines_loaded'] as number) + (m!['rejects'] as number) + (m!['ignored'] as number)).toBe(m!['lines']);
            expect(m!['reject_rows']).toBe(m!['rejects']);
            expect((m!['longest_raw'] as number | null) ?? 0).toBeLessThanOrEqual(4096);
            expect(m!['no_reason']).toBe(0);
          } finally {
            store.close();
          }
        }),
        { numRuns: 15, seed: 20261127 },
      );
    });
  }
});

/** Values that have broken a parse: numbers out of any range, JSON openers, bad times, escapes. */
const HOSTILE = [
  '99999999999999999999999', '-99999999999999999999999', '9223372036854775807', '1e400', '1e300', '-1e300', 'NaN', 'Infinity',
  '{', '{"a":', '{"name":1}', '[', '[1,', '"', '\\', '', '-', '-0', '99999-01-01T00:00:00Z', '0000-00-00T00:00:00Z', 'null', 'true',
  '\\u0000', '\u0000', '\\ud800', '99:99:99', '31/Feb/2026:25:61:61 +9999', '2026-02-30T25:00:00Z', '%s', '::', '=', ',', ' ', '\t',
  '💥', '1_000', '0x10', '+5', '.5', '1e',
];

describe('every parser on lines with fields swapped for hostile values', () => {
  for (const format of [...READERS.keys()]) {
    it(`${format}: 5,000 such lines in one file are loaded or rejected, never fail the file`, async () => {
      const next = seeded(20261202);
      const lines = Array.from({ length: 5_000 }, () => {
        let l = SEEDS[format][next(SEEDS[format].length)]!;
        for (let k = 1 + next(3); k > 0; k--) {
          const parts = l.split(/([ ",:=[\]{}\t])/);
          const at = next(parts.length);
          if (next(4)) parts[at] = HOSTILE[next(HOSTILE.length)]!;
          else parts.splice(at, 0, HOSTILE[next(HOSTILE.length)]!);
          l = parts.join('');
        }
        return l;
      });
      const file = path.join(tempDir(), `${format}.log`);
      writeFileSync(file, lines.join('\n') + '\n');
      const result = (await ingest(await memoryStore(), [file], { format, year: 2026 })).files[0]!;
      expect(result.status, result.message).toBe('loaded');
      expect(result.lines).toBe(lines.filter((l) => l.replace(/\r$/, '') !== '').length);
      expect(result.rows).toBeGreaterThan(0);
    });
  }
});
