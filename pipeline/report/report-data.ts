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

/** The per-region tables of a report: the totals (named/region-summary) and the activity (report/activity.sql). */
export type RegionTables = Pick<ReportData, 'summary' | 'activity'>;

/**
 * Read the per-region totals and activity, counting each region's clients once: the activity
 * counts the requests of every client for its top clients (and so how many there are), and the
 * totals take that number instead of their own count of distinct clients (0.15-0.2 s of 2M requests).
 */
export async function regionTables(store: Store): Promise<RegionTables> {
  const activity = await store.main.allFile('report/activity');
  const clients = new Map(activity.filter((a) => a['kind'] === 'client').map((a) => [a['region'], a['distinct_values']]));
  const summary = (await store.main.allFile('named/region-summary', { clients: false })).map((r) => ({
    ...r,
    clients: clients.get(r['region']) ?? 0,
  }));
  return { summary, activity };
}

/** What a caller has read already and a report shows as well. */
export interface ReadAlready {
  /** The incidents document, all of it (incidentsDocument). */
  doc?: IncidentsDoc;
  tables?: RegionTables;
}

/** Read the report's data: the incidents document (with its phases), per-region series, new templates. */
export async function reportData(store: Store, already: ReadAlready = {}): Promise<ReportData> {
  const doc = already.doc ?? (await incidentsDocument(store));
  const overview = await store.main.allFile('report/overview', { regions: null, start: null, end: null });
  const regions = [...new Set(overview.map((r) => r['region'] as string))].sort();
  const { summary, activity } = already.tables ?? (await regionTables(store));
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
