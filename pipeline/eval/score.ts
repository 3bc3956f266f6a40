import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { FaultlineError } from '../errors.js';
import { SeriesBaseline, calibrate } from '../detect/baseline.js';

/** One scored point of `faultline score`. */
export interface ScoredPoint {
  timestamp: string;
  value: number;
  anomaly_score: number;
}

/** z from which a point is left out of later baselines (as in the detectors). */
const EXCLUDE_Z = 4;

/**
 * Score one metric series online: each point against the robust baseline (median / MAD of the
 * trailing hour, or of the same time of day on earlier days once two days exist) of the points
 * before it — never later ones — with anomalous points left out of later baselines. Drops
 * count as much as rises. Points without enough history score 0.
 */
export function scoreSeries(points: readonly { ms: number; value: number }[]): number[] {
  if (!points.length) return [];
  const series = new SeriesBaseline(points.map((p) => p.ms));
  const values = points.map((p) => p.value);
  return values.map((x, i) => {
    const b = series.at(i, values);
    if (!b) return 0;
    const z = Math.abs(x - b.expected) / Math.max(b.spread, Math.abs(b.expected) * 0.02, 1e-9);
    if (z >= EXCLUDE_Z) series.exclude(i);
    return Math.round(calibrate(z) * 1e4) / 1e4;
  });
}

/** Read `timestamp,value` CSV (ISO 8601 or epoch s/ms); a bad row is an error naming its line. */
export async function readSeries(file: string): Promise<{ timestamp: string; ms: number; value: number }[]> {
  const out: { timestamp: string; ms: number; value: number }[] = [];
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  let columns: { t: number; v: number } | undefined;
  try {
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      const cells = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
      if (!columns) {
        const header = cells.map((c) => c.toLowerCase());
        columns = { t: header.indexOf('timestamp'), v: header.indexOf('value') };
        if (columns.t < 0 || columns.v < 0) throw new FaultlineError(`${file}:${n}: expected a header with columns timestamp,value`);
        continue;
      }
      const raw = cells[columns.t] ?? '';
      const ms = /^\d+(\.\d+)?$/.test(raw) ? (Number(raw) >= 1e11 ? Number(raw) : Number(raw) * 1000) : Date.parse(raw);
      const value = Number(cells[columns.v]);
      if (Number.isNaN(ms)) throw new FaultlineError(`${file}:${n}: unreadable timestamp "${raw}"`);
      if (cells[columns.v] === '' || !Number.isFinite(value)) throw new FaultlineError(`${file}:${n}: unreadable value "${cells[columns.v] ?? ''}"`);
      out.push({ timestamp: raw, ms, value });
    }
  } catch (err) {
    if (err instanceof FaultlineError) throw err;
    throw new FaultlineError(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!columns) throw new FaultlineError(`${file}: empty; expected a header timestamp,value and rows`);
  return out;
}
