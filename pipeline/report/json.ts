import type { Store } from '../db.js';
import { isoUtc } from '../time.js';
import type { Cause, Severity, Symptom } from '../types.js';

/** One incident of the incidents JSON document (docs/incidents.schema.json). */
export interface IncidentDoc {
  id: string;
  start: string;
  end: string;
  regions: string[];
  symptoms: Symptom[];
  severity: Severity;
  causes: { cause: Cause; score: number; evidence: string[] }[];
  impact: { requests: number; failed_requests: number; clients: number; missing_requests: number };
  summary: string;
  /** Added (issue 13): `open` while a region has not recovered by the end of its data. */
  status: 'open' | 'resolved';
  /** Added (issue 13): per region, when it was detected, at its worst, recovering, resolved (null while not reached). */
  phases: { region: string; detected: string; worst: string; recovering: string | null; resolved: string | null }[];
  /** Added field: the dimension values whose share of the failures grew most. */
  drilldown: { dimension: string; value: string; share_during: number; share_before: number; failures: number }[];
}

/** The incidents JSON document (docs/incidents.schema.json): the window the data covers and its incidents. */
export interface IncidentsDoc {
  window: { start: string | null; end: string | null };
  incidents: IncidentDoc[];
}

/** Build the JSON document of `faultline incidents --json` / `run --json` from the database. */
export async function incidentsDocument(store: Store): Promise<IncidentsDoc> {
  const [window] = await store.main.allFile('detect/window');
  const rows = await store.main.allFile('named/incidents');
  return {
    window: { start: (window?.['start'] as string) ?? null, end: (window?.['end'] as string) ?? null },
    incidents: rows.map((r) => ({
      id: r['id'] as string,
      start: r['start'] as string,
      end: r['end'] as string,
      regions: r['regions'] as string[],
      symptoms: r['symptoms'] as Symptom[],
      severity: r['severity'] as Severity,
      causes: r['causes'] as IncidentDoc['causes'],
      impact: {
        requests: r['requests'] as number,
        failed_requests: r['failed_requests'] as number,
        clients: r['clients'] as number,
        missing_requests: r['missing_requests'] as number,
      },
      summary: r['summary'] as string,
      status: r['status'] as IncidentDoc['status'],
      phases: JSON.parse((r['phases'] as string | null) ?? '[]') as IncidentDoc['phases'],
      drilldown: r['drilldown'] as IncidentDoc['drilldown'],
    })),
  };
}

/**
 * Only the incidents still open at or after `from` (ms; for cron, `--since 15m`: the end of the
 * data minus 15 minutes): those ending after it. The window is narrowed to match.
 */
export function sinceDocument(doc: IncidentsDoc, from: number): IncidentsDoc {
  if (!doc.window.end) return doc;
  const start = doc.window.start && Date.parse(doc.window.start) > from ? doc.window.start : isoUtc(from);
  return { window: { start, end: doc.window.end }, incidents: doc.incidents.filter((i) => Date.parse(i.end) > from) };
}
