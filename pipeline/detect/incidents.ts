import type { Severity, Symptom } from '../types.js';

/** One region's alarm for one symptom, in bucket times. */
export interface RegionAlarm {
  region: string;
  symptom: Symptom;
  startMs: number;
  /** End of the last alarmed bucket (exclusive). */
  endMs: number;
  peak: number;
  /** The bucket with the highest score. */
  worstMs: number;
  /** From this bucket on the scores stayed below the alarm level (null: at it to the end). */
  recoveringMs: number | null;
  /** Still on at the end of the region's data. */
  open: boolean;
}

/** What an episode's evidence says it is: the change before its onset, the new error kind in it. */
export interface Signature {
  /** "service version" of the change event in its region just before (or at) its onset. */
  change: string | null;
  /** The most frequent error-message template in it that its region did not log the hour before. */
  template: number | null;
}

/** One region's overlapping (or nearly adjacent) alarms: one spell of trouble. */
export interface Episode {
  region: string;
  startMs: number;
  endMs: number;
  symptoms: Symptom[];
  peak: number;
  alarms: RegionAlarm[];
  signature?: Signature;
}

/** How one region lived an incident, status-page style. */
export interface RegionPhases {
  region: string;
  detectedMs: number;
  worstMs: number;
  /** null while not reached. */
  recoveringMs: number | null;
  resolvedMs: number | null;
}

/** Alarms assembled into an incident (before impact and severity). */
export interface IncidentShape {
  startMs: number;
  endMs: number;
  regions: string[];
  symptoms: Symptom[];
  peak: number;
  /** Per region and spell: its own start and end, for impact and onset. */
  spans: { region: string; startMs: number; endMs: number }[];
  phases: RegionPhases[];
  /** Some region has not resolved by the end of its data. */
  open: boolean;
}

export interface AssembleOptions {
  /** Alarms of one region this close (ms) or overlapping are one episode. */
  gapMs: number;
  /** Episodes of different regions whose onsets are this close (ms) and share a symptom are one incident, unless their evidence sets them apart. */
  onsetMs: number;
  /** Episodes with the same evidence (change or new error kind) are one incident when one starts within this long (ms) after the incident's end: a staggered rollout, a pause. */
  sameCauseGapMs: number;
}

/** One region's alarms merged into episodes: overlapping alarms of any symptom, or gaps up to `gapMs`. */
export function episodesOf(alarms: readonly RegionAlarm[], gapMs: number): Episode[] {
  const byRegion = new Map<string, RegionAlarm[]>();
  for (const a of alarms) byRegion.set(a.region, [...(byRegion.get(a.region) ?? []), a]);
  const episodes: Episode[] = [];
  for (const [region, list] of byRegion) {
    list.sort((a, b) => a.startMs - b.startMs);
    let current: Episode | undefined;
    for (const a of list) {
      if (current && a.startMs <= current.endMs + gapMs) {
        current.endMs = Math.max(current.endMs, a.endMs);
        if (!current.symptoms.includes(a.symptom)) current.symptoms.push(a.symptom);
        current.peak = Math.max(current.peak, a.peak);
        current.alarms.push(a);
      } else {
        if (current) episodes.push(current);
        current = { region, startMs: a.startMs, endMs: a.endMs, symptoms: [a.symptom], peak: a.peak, alarms: [a] };
      }
    }
    if (current) episodes.push(current);
  }
  return episodes.sort((a, b) => a.startMs - b.startMs || a.region.localeCompare(b.region));
}

const sameCause = (a: Signature | undefined, b: Signature | undefined): boolean =>
  Boolean(a && b && ((a.change !== null && a.change === b.change) || (a.template !== null && a.template === b.template)));
const known = (s: Signature | undefined): boolean => Boolean(s && (s.change !== null || s.template !== null));

/**
 * Episodes into incidents. One event is one incident: episodes (of any region, or of one region
 * after a pause) with the same evidence — the same change, the same new error kind — join when
 * one starts at most `sameCauseGapMs` after the incident's end; episodes of different regions
 * without such evidence also join when their onsets lie within `onsetMs`, they share a symptom
 * and overlap. Evidence on either side that the other lacks sets them apart: two unrelated
 * incidents at once stay two.
 */
export function correlate(episodes: readonly Episode[], options: AssembleOptions): IncidentShape[] {
  const groups: { episodes: Episode[]; startMs: number; endMs: number }[] = [];
  for (const e of [...episodes].sort((a, b) => a.startMs - b.startMs || a.region.localeCompare(b.region))) {
    const partner = groups.find((g) => {
      if (e.startMs > g.endMs + options.sameCauseGapMs) return false;
      if (g.episodes.some((m) => sameCause(m.signature, e.signature))) return true;
      return (
        Math.abs(g.startMs - e.startMs) <= options.onsetMs &&
        e.startMs < g.endMs &&
        g.episodes.every((m) => m.region !== e.region && !known(m.signature) && !known(e.signature)) &&
        g.episodes.some((m) => m.symptoms.some((s) => e.symptoms.includes(s)))
      );
    });
    if (partner) {
      partner.episodes.push(e);
      partner.endMs = Math.max(partner.endMs, e.endMs);
    } else {
      groups.push({ episodes: [e], startMs: e.startMs, endMs: e.endMs });
    }
  }
  return groups.map(({ episodes: members, startMs, endMs }) => {
    const phases = [...new Set(members.map((m) => m.region))].sort().map((region) => phasesOf(region, members.filter((m) => m.region === region).flatMap((m) => m.alarms)));
    return {
      startMs,
      endMs,
      regions: phases.map((p) => p.region),
      symptoms: [...new Set(members.flatMap((m) => m.symptoms))].sort(),
      peak: Math.max(...members.map((m) => m.peak)),
      spans: members.map((m) => ({ region: m.region, startMs: m.startMs, endMs: m.endMs })),
      phases,
      open: phases.some((p) => p.resolvedMs === null),
    };
  });
}

/** A region's phases from its alarms: detected at the first, worst at the highest, recovering and resolved with the last. */
function phasesOf(region: string, alarms: readonly RegionAlarm[]): RegionPhases {
  const worst = alarms.reduce((a, b) => (b.peak > a.peak ? b : a));
  const last = alarms.reduce((a, b) => (b.endMs > a.endMs ? b : a));
  const resolvedMs = alarms.some((a) => a.open) ? null : last.endMs;
  return {
    region,
    detectedMs: Math.min(...alarms.map((a) => a.startMs)),
    worstMs: worst.worstMs,
    // A spell that ended straight from its worst recovers as it resolves.
    recoveringMs: last.recoveringMs ?? resolvedMs,
    resolvedMs,
  };
}

/** Alarms into incidents without evidence: `episodesOf` then `correlate`. */
export function assemble(alarms: readonly RegionAlarm[], options: AssembleOptions): IncidentShape[] {
  return correlate(episodesOf(alarms, options.gapMs), options);
}

export interface ImpactFacts {
  requests: number;
  failedRequests: number;
  missingRequests: number;
  /** Peak p95 latency over its usual value (1 when unknown). */
  latencyFactor: number;
  minutes: number;
}

/** How bad it was, from its impact: the share failed or missing, how slow, how long. */
export function severityOf(f: ImpactFacts): Severity {
  const failShare = f.requests ? f.failedRequests / f.requests : 0;
  const missingShare = f.requests + f.missingRequests ? f.missingRequests / (f.requests + f.missingRequests) : 0;
  if (failShare >= 0.25 || missingShare >= 0.5) return 'critical';
  if (failShare >= 0.1 || missingShare >= 0.25 || f.latencyFactor >= 5) return 'high';
  if (failShare >= 0.03 || missingShare >= 0.1 || f.latencyFactor >= 2 || f.minutes >= 15) return 'medium';
  return 'low';
}

/** `inc-20261124-0930-eu-central-1` (docs/incidents.schema.json). */
export function incidentId(startMs: number, region: string): string {
  const iso = new Date(startMs).toISOString();
  return `inc-${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}-${region}`;
}
