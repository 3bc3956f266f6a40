import type { Severity, Symptom } from '../types.js';

/** One region's alarm for one symptom, in bucket times. */
export interface RegionAlarm {
  region: string;
  symptom: Symptom;
  startMs: number;
  /** End of the last alarmed bucket (exclusive). */
  endMs: number;
  peak: number;
}

/** Alarms assembled into an incident (before impact and severity). */
export interface IncidentShape {
  startMs: number;
  endMs: number;
  regions: string[];
  symptoms: Symptom[];
  peak: number;
  /** Per region: its own start and end, for impact and onset. */
  spans: { region: string; startMs: number; endMs: number }[];
}

export interface AssembleOptions {
  /** Alarms of one region this close (ms) or overlapping are one episode. */
  gapMs: number;
  /** Episodes of different regions whose onsets are this close (ms) and share a symptom are one incident. */
  onsetMs: number;
}

/**
 * Merge alarms into incidents: first per region (overlapping alarms of any symptom, or gaps up
 * to `gapMs`), then across regions (onsets within `onsetMs`, a symptom in common, overlapping).
 */
export function assemble(alarms: readonly RegionAlarm[], options: AssembleOptions): IncidentShape[] {
  const byRegion = new Map<string, RegionAlarm[]>();
  for (const a of alarms) byRegion.set(a.region, [...(byRegion.get(a.region) ?? []), a]);
  const episodes: IncidentShape[] = [];
  for (const [region, list] of byRegion) {
    list.sort((a, b) => a.startMs - b.startMs);
    let current: IncidentShape | undefined;
    for (const a of list) {
      if (current && a.startMs <= current.endMs + options.gapMs) {
        current.endMs = Math.max(current.endMs, a.endMs);
        if (!current.symptoms.includes(a.symptom)) current.symptoms.push(a.symptom);
        current.peak = Math.max(current.peak, a.peak);
      } else {
        if (current) episodes.push(current);
        current = { startMs: a.startMs, endMs: a.endMs, regions: [region], symptoms: [a.symptom], peak: a.peak, spans: [] };
      }
    }
    if (current) episodes.push(current);
  }
  for (const e of episodes) e.spans = [{ region: e.regions[0]!, startMs: e.startMs, endMs: e.endMs }];

  episodes.sort((a, b) => a.startMs - b.startMs || a.regions[0]!.localeCompare(b.regions[0]!));
  const incidents: IncidentShape[] = [];
  for (const e of episodes) {
    const partner = incidents.find(
      (i) =>
        Math.abs(i.startMs - e.startMs) <= options.onsetMs &&
        i.symptoms.some((s) => e.symptoms.includes(s)) &&
        e.startMs < i.endMs &&
        !i.regions.includes(e.regions[0]!),
    );
    if (!partner) {
      incidents.push(e);
      continue;
    }
    partner.startMs = Math.min(partner.startMs, e.startMs);
    partner.endMs = Math.max(partner.endMs, e.endMs);
    partner.regions.push(...e.regions);
    for (const s of e.symptoms) if (!partner.symptoms.includes(s)) partner.symptoms.push(s);
    partner.peak = Math.max(partner.peak, e.peak);
    partner.spans.push(...e.spans);
  }
  for (const i of incidents) {
    i.regions.sort();
    i.symptoms.sort();
  }
  return incidents;
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

/** `inc-20261124-0930-eu-central-1` (CONTRACT section 4). */
export function incidentId(startMs: number, region: string): string {
  const iso = new Date(startMs).toISOString();
  return `inc-${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}-${region}`;
}
