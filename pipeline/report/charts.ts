import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Row } from '../db.js';

/** One shaded span (an incident) on a time chart. */
export interface Shade {
  start: string;
  end: string;
  label: string;
}

const METRICS: { field: string; title: string }[] = [
  { field: 'requests_per_min', title: 'requests/min' },
  { field: 'pct_5xx', title: '5xx %' },
  { field: 'p95_ms', title: 'p95 ms' },
  { field: 'loss_pct', title: 'loss %' },
];

/**
 * A region's signals over time, one small chart per metric stacked, incidents shaded: compiled
 * from Vega-Lite and rendered to SVG by Vega in Node (no DOM, nothing fetched at view time).
 */
export async function timeSeriesSvg(points: readonly Row[], shades: readonly Shade[], width = 640): Promise<string> {
  const rows = METRICS.map((m) => {
    return {
      height: 70,
      width,
      layer: [
        {
          data: { values: shades.map((s) => ({ ...s })) },
          mark: { type: 'rect', opacity: 0.18, color: '#d62728' },
          encoding: { x: { field: 'start', type: 'temporal' }, x2: { field: 'end' } },
        },
        {
          data: { values: points.map((p) => ({ t: p['t'], v: p[m.field] })) },
          mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.2 },
          encoding: {
            x: { field: 't', type: 'temporal', title: null, axis: { format: '%H:%M', labelFontSize: 9 } },
            y: { field: 'v', type: 'quantitative', title: m.title, axis: { labelFontSize: 9, titleFontSize: 10 } },
          },
        },
      ],
    };
  });
  const spec = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', vconcat: rows, spacing: 6, config: { view: { stroke: null } } };
  const view = new vega.View(vega.parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  // Scale with the page (phones): keep the viewBox, drop the fixed size.
  return svg.replace(/^<svg([^>]*) width="(\d+)" height="(\d+)"/, '<svg$1 width="100%" style="max-width:$2px;height:auto"');
}
