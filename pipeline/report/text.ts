import type { Row } from '../db.js';
import { int } from '../format.js';
import type { IncidentDoc } from './json.js';

/** Text from logs made safe for HTML: it shows as text and runs nothing. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Text from logs made safe inside a Markdown table cell: Markdown's own backslash escapes (so
 * `<NUM>` shows as <NUM>, not as an HTML tag, and `a|b` does not break the cell), never HTML
 * entities, which read as noise once pasted into a postmortem; line breaks become spaces.
 */
export function escapeMarkdown(s: unknown): string {
  return String(s ?? '').replace(/[\\`*_[\]<>|]/g, '\\$&').replace(/\r?\n/g, ' ');
}

export { hhmm, int, pct } from '../format.js';

/** The per-region totals (named/region-summary) as both reports show them after the region: title and cell text. */
export const REGION_TOTALS: { title: string; cell: (r: Row) => string }[] = [
  { title: 'requests', cell: (r) => int(r['requests']) },
  { title: '5xx %', cell: (r) => String(r['pct_5xx'] ?? '') },
  { title: 'p95 ms', cell: (r) => String(r['p95_ms'] ?? '') },
  { title: 'clients', cell: (r) => int(r['clients']) },
  { title: 'error lines', cell: (r) => int(r['error_lines']) },
];

/**
 * The status-page lines of an incident's timeline, from its per-region phases, in time order:
 * which regions were hit in turn, each one's worst and recovery, restoration region by region,
 * and the regions still degraded at the end of the data.
 */
export function timelineLines(incident: IncidentDoc): { at: string; text: string }[] {
  const lines: { at: string; text: string }[] = [];
  const byOnset = [...incident.phases].sort((a, b) => a.detected.localeCompare(b.detected));
  for (const [k, p] of byOnset.entries()) {
    lines.push({ at: p.detected, text: k === 0 ? `${p.region}: detected — ${incident.symptoms.join(', ')}` : `${p.region}: detected, hit too` });
    lines.push({ at: p.worst, text: `${p.region}: at its worst` });
    if (p.recovering && p.recovering !== p.resolved) lines.push({ at: p.recovering, text: `${p.region}: recovering` });
    if (p.resolved) lines.push({ at: p.resolved, text: `${p.region}: restored` });
  }
  const last = lines.reduce((a, l) => (l.at > a ? l.at : a), '');
  const degraded = byOnset.filter((p) => !p.resolved).map((p) => p.region);
  if (degraded.length) lines.push({ at: last, text: `${degraded.join(', ')} still degraded at the end of the data` });
  else if (byOnset.length > 1) lines.push({ at: last, text: 'all regions restored' });
  return lines.sort((a, b) => a.at.localeCompare(b.at));
}
