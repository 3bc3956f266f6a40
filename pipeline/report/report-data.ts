import { listValue } from '../duckdb.js';
import type { Row, Store } from '../db.js';
import { incidentsDocument, type IncidentsDoc } from './json.js';

/** Everything a report shows, read once from the database. */
export interface ReportData {
  doc: IncidentsDoc;
  regions: string[];
  overview: Row[];
  summary: Row[];
  /** Per region: status mix, top paths, clients, 404s, warning/error templates (report/activity.sql). */
  activity: Row[];
  perIncident: Map<string, { templates: Row[]; points: Row[] }>;
}

/** Read the report's data: the incidents document (with its phases), per-region series, new templates. */
export async function reportData(store: Store, regionSummary?: Row[]): Promise<ReportData> {
  const doc = await incidentsDocument(store);
  const overview = await store.main.allFile('report/overview', { regions: null, start: null, end: null });
  const regions = [...new Set(overview.map((r) => r['region'] as string))].sort();
  const summary = regionSummary ?? (await store.main.allFile('named/region-summary'));
  const activity = await store.main.allFile('report/activity');
  const perIncident = new Map<string, { templates: Row[]; points: Row[] }>();
  for (const i of doc.incidents) {
    const margin = Math.max(30 * 60_000, (Date.parse(i.end) - Date.parse(i.start)) / 2);
    perIncident.set(i.id, {
      templates: (
        await store.main.allFile('named/top-templates', { region: null, since: i.start, until: i.end, limit: 50 })
      ).filter((t) => i.regions.includes(t['region'] as string)).slice(0, 5),
      points: await store.main.allFile('report/overview', {
        regions: listValue(i.regions),
        start: new Date(Date.parse(i.start) - margin).toISOString(),
        end: new Date(Date.parse(i.end) + margin).toISOString(),
      }),
    });
  }
  return { doc, regions, overview, summary, activity, perIncident };
}
