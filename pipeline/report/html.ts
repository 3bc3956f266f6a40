import { metricsWithData, timeSeriesSvg } from './charts.js';

/** What a chart shows when its region has no signal to plot. */
const NO_DATA = '<p class="nodata">No data to chart here: no requests, metrics, error lines or failed logins in this window.</p>';
import type { ReportData } from './report-data.js';
import { REGION_TOTALS, escapeHtml as h, hhmm, int, pct, timelineLines } from './text.js';

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d1d1f;background:#f6f7f9}
main{max-width:980px;margin:0 auto;padding:16px}
h1{font-size:1.5em;margin:.2em 0}h2{margin-top:1.6em;border-bottom:1px solid #ddd}h3{margin:0 0 .3em}
section.incident{background:#fff;border:1px solid #e3e3e8;border-radius:8px;padding:14px;margin:14px 0}
.sev{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:.8em;text-transform:uppercase}
.sev-critical{background:#8b0000}.sev-high{background:#d62728}.sev-medium{background:#ff7f0e}.sev-low{background:#7f7f7f}
table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:.92em}th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}.wrap{overflow-x:auto}
ol.timeline{list-style:none;padding-left:0}ol.timeline li{padding:3px 0 3px 12px;border-left:3px solid #d62728;margin-left:4px}
.bar{background:#e8e8ee;border-radius:3px;height:8px;width:100px;display:inline-block;vertical-align:middle}
.bar>span{display:block;height:8px;border-radius:3px;background:#1f77b4}
code{font-size:.9em;word-break:break-word}
`;

/** The report as one self-contained HTML file: inline CSS and SVG charts, nothing fetched. */
export async function htmlReport(data: ReportData): Promise<string> {
  const { doc } = data;
  const shades = doc.incidents.map((i) => ({ start: i.start, end: i.end, label: i.id }));
  const parts: string[] = [];
  parts.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`);
  parts.push(`<title>faultline report ${h(doc.window.start ?? '')}</title><style>${STYLE}</style></head><body><main>`);
  parts.push(`<h1>faultline report</h1><p>Window ${h(doc.window.start)} – ${h(doc.window.end)} UTC · ${data.regions.length} regions · <strong>${doc.incidents.length} incidents</strong></p>`);

  parts.push(`<h2>Incidents</h2>`);
  if (!doc.incidents.length) parts.push('<p>No incidents.</p>');
  else parts.push('<div class="wrap"><table><tr><th>start</th><th>regions</th><th>severity</th><th>likely cause</th><th>failed</th></tr>');
  for (const i of [...doc.incidents].reverse()) {
    parts.push(
      `<tr><td><a href="#${h(i.id)}">${h(i.start.slice(0, 16).replace('T', ' '))}</a></td><td>${h(i.regions.join(', '))}</td>` +
        `<td><span class="sev sev-${h(i.severity)}">${h(i.severity)}</span></td><td>${h(i.causes[0]?.cause ?? '')}</td>` +
        `<td class="n">${int(i.impact.failed_requests)} / ${int(i.impact.requests)}</td></tr>`,
    );
  }
  if (doc.incidents.length) parts.push('</table></div>');

  for (const i of [...doc.incidents].reverse()) {
    const extra = data.perIncident.get(i.id)!;
    const regionShades = shades.filter((s) => s.label === i.id);
    parts.push(`<section class="incident" id="${h(i.id)}"><h3>${h(i.id)} <span class="sev sev-${h(i.severity)}">${h(i.severity)}</span></h3>`);
    parts.push(`<p>${h(i.summary)}</p>`);
    parts.push(
      `<div class="wrap"><table><tr><th>start</th><th>end</th><th>symptoms</th><th>requests</th><th>failed</th><th>clients hit</th><th>missing</th></tr>` +
        `<tr><td>${h(i.start)}</td><td>${h(i.end)}</td><td>${h(i.symptoms.join(', '))}</td><td class="n">${int(i.impact.requests)}</td>` +
        `<td class="n">${int(i.impact.failed_requests)}</td><td class="n">${int(i.impact.clients)}</td><td class="n">${int(i.impact.missing_requests)}</td></tr></table></div>`,
    );
    for (const region of i.regions) {
      const points = extra.points.filter((p) => p['region'] === region);
      parts.push(`<figure class="chart" data-incident="${h(i.id)}"><figcaption>${h(region)}: before, during (shaded), after</figcaption>${(await timeSeriesSvg(points, regionShades)) || NO_DATA}</figure>`);
    }
    parts.push('<h4>Likely causes</h4><div class="wrap"><table><tr><th>cause</th><th>score</th><th>evidence</th></tr>');
    for (const c of i.causes.filter((c) => c.score > 0)) {
      parts.push(
        `<tr><td>${h(c.cause)}</td><td class="n"><span class="bar"><span style="width:${Math.round(100 * c.score)}%"></span></span> ${c.score.toFixed(2)}</td>` +
          `<td>${c.evidence.map((e) => h(e)).join('<br>')}</td></tr>`,
      );
    }
    parts.push('</table></div>');
    if (i.drilldown.length) {
      parts.push('<h4>Where the failures come from</h4><div class="wrap"><table><tr><th>dimension</th><th>value</th><th>share of failures</th><th>share before</th></tr>');
      for (const d of i.drilldown) {
        parts.push(`<tr><td>${h(d.dimension)}</td><td><code>${h(d.value)}</code></td><td class="n">${pct(d.share_during)}</td><td class="n">${pct(d.share_before)}</td></tr>`);
      }
      parts.push('</table></div>');
    }
    if (extra.templates.length) {
      parts.push('<h4>Top error messages</h4><div class="wrap"><table><tr><th>lines</th><th></th><th>template</th></tr>');
      for (const t of extra.templates) {
        parts.push(`<tr><td class="n">${int(t['lines'])}</td><td>${t['new_in_window'] ? 'new' : ''}</td><td><code>${h(t['pattern'])}</code></td></tr>`);
      }
      parts.push('</table></div>');
    }
    parts.push('<h4>Timeline (UTC)</h4><ol class="timeline">');
    for (const l of timelineLines(i)) parts.push(`<li><strong>${h(hhmm(l.at))}</strong> ${h(l.text)}</li>`);
    parts.push('</ol></section>');
  }

  parts.push('<h2>Regions</h2>');
  if (data.summary.length) {
    parts.push(`<div class="wrap"><table class="summary"><tr><th>region</th>${REGION_TOTALS.map((c) => `<th>${h(c.title)}</th>`).join('')}</tr>`);
    for (const r of data.summary) {
      parts.push(`<tr><td><a href="#region-${h(r['region'])}">${h(r['region'])}</a></td>${REGION_TOTALS.map((c) => `<td class="n">${h(c.cell(r))}</td>`).join('')}</tr>`);
    }
    parts.push('</table></div>');
  }
  for (const region of data.regions) {
    const points = data.overview.filter((p) => p['region'] === region);
    const regionShades = shades.filter((s) => doc.incidents.find((i) => i.id === s.label)?.regions.includes(region));
    const shown = metricsWithData(points).map((m) => m.title).join(', ');
    parts.push(`<figure class="chart overview" id="region-${h(region)}"><figcaption><strong>${h(region)}</strong>: ${h(shown || 'no signals')}; incidents shaded</figcaption>${(await timeSeriesSvg(points, regionShades)) || NO_DATA}</figure>`);
    const activity = data.activity.filter((a) => a['region'] === region);
    if (activity.length) {
      parts.push('<div class="wrap"><table class="activity"><tr><th>what</th><th>value</th><th>lines</th><th>share</th></tr>');
      for (const a of activity) {
        parts.push(`<tr><td>${h(a['kind'])}</td><td><code>${h(a['value'])}</code></td><td class="n">${int(a['n'])}</td><td class="n">${pct(a['share'])}</td></tr>`);
      }
      parts.push('</table></div>');
    }
  }
  parts.push(`<p style="color:#888;font-size:.8em">Generated by faultline.</p></main></body></html>`);
  return parts.join('\n');
}
