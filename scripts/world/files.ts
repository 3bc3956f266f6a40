import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { hostsOf, REGIONS } from './model.js';
import { labelled, type WorldOptions } from './scenarios.js';

/** How many lines an OutFile joins into one string at a time. */
const CHUNK_LINES = 4096;

/**
 * Lines of one output file, gzipped or not when written. They are kept joined a chunk at a time:
 * a 24-hour world is 76 MB of lines, and as single strings they cost more in garbage collection
 * than generating them.
 */
export class OutFile {
  private readonly chunks: string[] = [];
  private pending: string[] = [];
  constructor(readonly rel: string) {}

  push(...lines: string[]): void {
    this.pending.push(...lines);
    if (this.pending.length >= CHUNK_LINES) this.flush();
  }

  /** The whole file: every line followed by a newline. */
  text(): string {
    this.flush();
    return this.chunks.join('');
  }

  private flush(): void {
    if (this.pending.length) this.chunks.push(this.pending.join('\n') + '\n');
    this.pending = [];
  }
}

/** The world's output files by relative path, filled by the simulations, written by writeWorld. */
export class Files {
  private readonly files = new Map<string, OutFile>();
  get(rel: string): OutFile {
    let f = this.files.get(rel);
    if (!f) {
      f = new OutFile(rel);
      this.files.set(rel, f);
    }
    return f;
  }
  all(): OutFile[] {
    return [...this.files.values()];
  }
}

/** Write the files into `options.out` (replacing it), with inventory.csv and truth.json. Returns the log files written, relative. */
export function writeWorld(files: Files, options: WorldOptions): string[] {
  const t0 = options.start.getTime();
  const seconds = Math.round(options.hours * 3600);
rmSync(options.out, { recursive: true, force: true });
const written: string[] = [];
for (const f of files.all()) {
  const full = path.join(options.out, f.rel);
  mkdirSync(path.dirname(full), { recursive: true });
  const text = f.text();
  writeFileSync(full, f.rel.endsWith('.gz') ? gzipSync(text, { level: 9 }) : text);
  written.push(f.rel);
}
const inventory = ['host,region', ...REGIONS.flatMap((r) => hostsOf(r).map((h) => `${h},${r.name}`))].join('\n') + '\n';
writeFileSync(path.join(options.out, 'inventory.csv'), inventory);
const truth = {
  window: { start: iso(t0), end: iso(t0 + seconds * 1000) },
  incidents: labelled(options.incidents).map((group) => ({
    start: iso(t0 + Math.min(...group.map((i) => i.startMin)) * 60_000),
    end: iso(t0 + Math.max(...group.map((i) => i.endMin)) * 60_000),
    regions: [...new Set(group.map((i) => i.region))],
    cause: group[0]!.cause,
  })),
};
writeFileSync(path.join(options.out, 'truth.json'), JSON.stringify(truth, null, 2) + '\n');
return written.sort();
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
