/** A time as the JSON document and reports write it: ISO 8601 UTC to the second (`2026-11-24T09:30:00Z`). */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
