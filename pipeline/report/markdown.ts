import type { ReportData } from './report-data.js';
import { REGION_TOTALS, escapeMarkdown as md, hhmm, int, pct, timelineLines } from './text.js';

/** The report as Markdown, for a postmortem: the same facts as the HTML, tables and timelines. */
export function markdownReport(data: ReportData): string {
  const { doc } = data;
  const out: string[] = [];
  out.push(`# faultline report`, '');
  out.push(`Window: ${doc.window.start ?? '?'} – ${doc.window.end ?? '?'} (UTC). Regions: ${data.regions.map(md).join(', ')}. Incidents: ${doc.incidents.length}.`, '');
  out.push('## Regions', '', `| region | ${REGION_TOTALS.map((c) => c.title).join(' | ')} |`, `|---|${REGION_TOTALS.map(() => '---:|').join('')}`);
  for (const r of data.summary) out.push(`| ${md(r['region'])} | ${REGION_TOTALS.map((c) => c.cell(r)).join(' | ')} |`);
  out.push('');
  out.push('## Incidents', '');
  if (!doc.incidents.length) out.push('No incidents.', '');
  for (const i of [...doc.incidents].reverse()) {
    const extra = data.perIncident.get(i.id)!;
    out.push(`### ${md(i.id)} — ${i.severity}`, '');
    out.push(`${md(i.summary)}`, '');
    out.push(`| start | end | regions | symptoms | requests | failed | clients hit | missing |`, '|---|---|---|---|---:|---:|---:|---:|');
    out.push(`| ${i.start} | ${i.end} | ${i.regions.map(md).join(', ')} | ${i.symptoms.join(', ')} | ${int(i.impact.requests)} | ${int(i.impact.failed_requests)} | ${int(i.impact.clients)} | ${int(i.impact.missing_requests)} |`, '');
    out.push('**Likely causes**', '', '| cause | score | evidence |', '|---|---:|---|');
    for (const c of i.causes.filter((c) => c.score > 0)) out.push(`| ${c.cause} | ${c.score.toFixed(2)} | ${c.evidence.map(md).join('<br>')} |`);
    out.push('');
    if (i.drilldown.length) {
      out.push('**Where the failures come from**', '', '| dimension | value | share of failures | share before |', '|---|---|---:|---:|');
      for (const d of i.drilldown) out.push(`| ${md(d.dimension)} | ${md(d.value)} | ${pct(d.share_during)} | ${pct(d.share_before)} |`);
      out.push('');
    }
    if (extra.templates.length) {
      out.push('**Top error messages**', '', '| lines | new | template |', '|---:|---|---|');
      for (const t of extra.templates) out.push(`| ${int(t['lines'])} | ${t['new_in_window'] ? 'new' : ''} | ${md(t['pattern'])} |`);
      out.push('');
    }
    out.push('**Timeline (UTC)**', '');
    for (const l of timelineLines(i)) out.push(`- ${hhmm(l.at)} ${md(l.text)}`);
    out.push('');
  }
  return out.join('\n');
}
