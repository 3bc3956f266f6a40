import { compile, vega, type TopLevelSpec } from './vega-lib.js';
import type { Row } from '../db.js';

/** One shaded span (an incident) on a time chart. */
export interface Shade {
  start: string;
  end: string;
  label: string;
}

/** The signals a chart may show (queries/report/overview.sql), titled with their true unit. */
const METRICS: { field: string; title: string }[] = [
  { field: 'requests_per_min', title: 'requests/min' },
  { field: 'pct_5xx', title: '5xx %' },
  { field: 'pct_4xx', title: '4xx %' },
  { field: 'p95_ms', title: 'p95 ms' },
  { field: 'loss_pct', title: 'loss %' },
  { field: 'cpu_busy_pct', title: 'CPU busy %' },
  { field: 'error_lines_per_min', title: 'error lines/min' },
  { field: 'failed_logins_per_min', title: 'failed logins/min' },
];
/** Requests, 5xx and p95 are shown whenever there are requests (a flat 0% 5xx line says something). */
const ALWAYS_WITH_REQUESTS = new Set(['requests_per_min', 'pct_5xx', 'p95_ms']);
/** A chart spanning more than this shows dates on its axis, not only times of day. */
const DATES_AFTER_MS = 36 * 3_600_000;

/** The metrics a region's points have something to show for: never an empty panel. */
export function metricsWithData(points: readonly Row[]): { field: string; title: string }[] {
  const has = (f: string): boolean => points.some((p) => p[f] !== null && p[f] !== undefined && Number(p[f]) !== 0);
  const requests = has('requests_per_min');
  return METRICS.filter((m) => (requests && ALWAYS_WITH_REQUESTS.has(m.field)) || has(m.field));
}

/** Vega's parsed charts by shape (metrics, axis format, width): the data goes in per chart. */
const parsedCharts = new Map<string, ReturnType<typeof vega.parse>>();

/**
 * A region's signals over time, one small chart per metric it has stacked, incidents shaded:
 * compiled from Vega-Lite and rendered to SVG by Vega in Node (no DOM, nothing fetched at view
 * time). A span of days gets dates on its axis. Empty when the points have nothing to show.
 * Charts of one shape are compiled and parsed once; each gets its points and shades as the named
 * datasets `points` and `shades` (8 charts of 8 metrics × 360 points: 1.0-1.2 s → 0.5 s).
 */
export async function timeSeriesSvg(points: readonly Row[], shades: readonly Shade[], width = 640): Promise<string> {
  const metrics = metricsWithData(points);
  if (!metrics.length) return '';
  const times = points.map((p) => Date.parse(String(p['t'])));
  const format = Math.max(...times) - Math.min(...times) > DATES_AFTER_MS ? '%b %d %H:%M' : '%H:%M';
  const shape = JSON.stringify([metrics.map((m) => m.field), format, width]);
  let parsed = parsedCharts.get(shape);
  if (!parsed) {
    const rows = metrics.map((m) => ({
      height: 70,
      width,
      layer: [
        {
          data: { name: 'shades' },
          mark: { type: 'rect', opacity: 0.18, color: '#d62728' },
          encoding: { x: { field: 'start', type: 'temporal' }, x2: { field: 'end' } },
        },
        {
          data: { name: 'points' },
          mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.2 },
          encoding: {
            x: { field: 't', type: 'temporal', title: null, axis: { format, labelFontSize: 9 } },
            y: { field: m.field, type: 'quantitative', title: m.title, axis: { labelFontSize: 9, titleFontSize: 10 } },
          },
        },
      ],
    }));
    const spec = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', vconcat: rows, spacing: 6, config: { view: { stroke: null } } };
    parsed = vega.parse(compile(spec as unknown as TopLevelSpec).spec);
    parsedCharts.set(shape, parsed);
  }
  const view = new vega.View(parsed, { renderer: 'none' });
  // Vega keeps its own state in the tuples it is given: copies, not the caller's rows.
  view.data('shades', shades.map((s) => ({ ...s })));
  view.data('points', points.map((p) => ({ ...p })));
  const svg = await view.toSVG();
  view.finalize();
  // Scale with the page (phones): keep the viewBox, drop the fixed size.
  return svg.replace(/^<svg([^>]*) width="(\d+)" height="(\d+)"/, '<svg$1 width="100%" style="max-width:$2px;height:auto"');
}
