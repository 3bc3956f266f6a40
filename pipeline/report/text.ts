import type { Row } from '../db.js';
import type { IncidentDoc } from './json.js';

/** Text from logs made safe for HTML: it shows as text and runs nothing. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Text from logs made safe inside a Markdown table cell (no HTML, no cell breaks). */
export function escapeMarkdown(s: unknown): string {
  return escapeHtml(s).replace(/\|/g, '\\|').replace(/`/g, '\\`').replace(/\r?\n/g, ' ');
}

export const hhmm = (iso: unknown): string => (typeof iso === 'string' ? iso.slice(11, 16) : '');
export const int = (x: unknown): string => Math.round(Number(x ?? 0)).toLocaleString('en-US');
export const pct = (x: unknown): string => `${(100 * Number(x ?? 0)).toFixed(0)}%`;

/** The status-page lines of an incident's timeline, per region, in time order. */
export function timelineLines(incident: IncidentDoc, timeline: readonly Row[]): { at: string; text: string }[] {
  const lines: { at: string; text: string }[] = [];
  for (const t of timeline) {
    const region = String(t['region']);
    lines.push({ at: String(t['detected']), text: `${region}: detected — ${incident.symptoms.join(', ')}` });
    if (t['worst']) lines.push({ at: String(t['worst']), text: `${region}: worst` });
    if (t['recovering']) lines.push({ at: String(t['recovering']), text: `${region}: recovering` });
    lines.push({ at: String(t['resolved']), text: `${region}: resolved` });
  }
  return lines.sort((a, b) => a.at.localeCompare(b.at));
}
