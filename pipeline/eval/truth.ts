import { readFile } from 'node:fs/promises';
import { median } from 'simple-statistics';
import { FaultlineError } from '../errors.js';
import type { Cause } from '../types.js';
import type { IncidentDoc } from '../report/json.js';

/** A labelled incident (a postmortem entry), README: Commands, eval. */
export interface TruthIncident {
  start: string;
  end: string;
  regions: string[];
  cause: Cause;
}

/** What `faultline eval` prints. */
export interface EvalResult {
  found: number;
  labelled: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
  /** Over matched labelled incidents: the labelled cause ranked first / within the top 3. */
  causeAt1: number | null;
  causeAt3: number | null;
  /** Found incidents per matched labelled one (1.0: one event, one incident); the extra ones count as false alarms. */
  fragmentation: number | null;
  /** Median and largest |found start − labelled start| over matched ones, minutes. */
  onsetErrorMinutes: number | null;
  maxOnsetErrorMinutes: number | null;
  /** Labelled incidents no found one matched, and found ones that matched none or repeat one already matched. */
  missed: TruthIncident[];
  falseAlarms: { id: string; start: string; regions: string[] }[];
}

/** Read a labelled-incidents file: `{"incidents": [{start, end, regions, cause}]}`. */
export async function readTruth(file: string): Promise<TruthIncident[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new FaultlineError(`--truth ${file}: cannot read it as JSON (${(err as Error).message.split('\n')[0]})`);
  }
  const list = (doc as { incidents?: unknown }).incidents;
  if (!Array.isArray(list)) throw new FaultlineError(`--truth ${file}: expected {"incidents": [...]}`);
  return list.map((x, i) => {
    const t = x as Partial<TruthIncident>;
    if (!t.start || !t.end || !Array.isArray(t.regions) || !t.cause || Number.isNaN(Date.parse(t.start)) || Number.isNaN(Date.parse(t.end))) {
      throw new FaultlineError(`--truth ${file}: incident ${i + 1} needs start, end (ISO 8601), regions and cause`);
    }
    return t as TruthIncident;
  });
}

const SLACK_MS = 5 * 60_000;

/** Do a found and a labelled incident match: overlapping times (±5 min slack) and a shared region. */
export function matches(found: Pick<IncidentDoc, 'start' | 'end' | 'regions'>, truth: TruthIncident): boolean {
  const overlap =
    Date.parse(found.start) <= Date.parse(truth.end) + SLACK_MS && Date.parse(truth.start) <= Date.parse(found.end) + SLACK_MS;
  return overlap && found.regions.some((r) => truth.regions.includes(r));
}

/** Compare found incidents with labelled ones (README: Commands, eval). */
export function evaluate(found: readonly IncidentDoc[], truth: readonly TruthIncident[]): EvalResult {
  const matchedTruth = truth.filter((t) => found.some((f) => matches(f, t)));
  // The found incident closest in onset stands for a labelled one; a second one on the same event
  // (a fragment) is a false alarm.
  const representative = new Map<TruthIncident, IncidentDoc>();
  const fragments: number[] = [];
  for (const t of matchedTruth) {
    const candidates = found
      .filter((x) => matches(x, t))
      .sort((a, b) => Math.abs(Date.parse(a.start) - Date.parse(t.start)) - Math.abs(Date.parse(b.start) - Date.parse(t.start)));
    representative.set(t, candidates[0]!);
    fragments.push(candidates.length);
  }
  const matchedFound = new Set(representative.values());
  const precision = found.length ? matchedFound.size / found.length : 1;
  const recall = truth.length ? matchedTruth.length / truth.length : 1;
  const at1: boolean[] = [];
  const at3: boolean[] = [];
  const onset: number[] = [];
  for (const t of matchedTruth) {
    const f = representative.get(t)!;
    onset.push(Math.abs(Date.parse(f.start) - Date.parse(t.start)) / 60_000);
    const ranked = f.causes.map((c) => c.cause);
    at1.push(ranked[0] === t.cause);
    at3.push(ranked.slice(0, 3).includes(t.cause));
  }
  const share = (xs: boolean[]): number | null => (xs.length ? xs.filter(Boolean).length / xs.length : null);
  return {
    found: found.length,
    labelled: truth.length,
    matched: matchedTruth.length,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    causeAt1: share(at1),
    causeAt3: share(at3),
    fragmentation: fragments.length ? fragments.reduce((a, b) => a + b, 0) / fragments.length : null,
    onsetErrorMinutes: onset.length ? median(onset) : null,
    maxOnsetErrorMinutes: onset.length ? Math.max(...onset) : null,
    missed: truth.filter((t) => !matchedTruth.includes(t)),
    falseAlarms: found.filter((f) => !matchedFound.has(f)).map((f) => ({ id: f.id, start: f.start, regions: f.regions })),
  };
}
