import { writeFileAtomic } from '../atomic-write.js';
import type { Store } from '../db.js';
import type { IncidentsDoc } from './json.js';

const label = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/**
 * A Prometheus textfile-collector file (node_exporter --collector.textfile.directory), written
 * atomically: open incidents by region, symptom and top cause, resolved ones counted; lines and rejects ingested; the
 * last successful run and how long it took.
 */
export async function writePromFile(store: Store, doc: IncidentsDoc, file: string, runSeconds: number): Promise<void> {
  const [totals] = await store.main.all('SELECT coalesce(sum(lines), 0) AS lines, coalesce(sum(rejects), 0) AS rejects FROM ingested_files');
  const open = new Map<string, number>();
  const resolved = doc.incidents.filter((i) => i.status !== 'open').length;
  for (const i of doc.incidents.filter((x) => x.status === 'open')) {
    for (const region of i.regions) {
      for (const symptom of i.symptoms) {
        const key = `region="${label(region)}",symptom="${label(symptom)}",cause="${label(i.causes[0]?.cause ?? 'unknown')}"`;
        open.set(key, (open.get(key) ?? 0) + 1);
      }
    }
  }
  const lines = [
    '# HELP faultline_open_incidents Incidents open at the end of the data, by region, symptom and most likely cause.',
    '# TYPE faultline_open_incidents gauge',
    ...[...open].sort().map(([k, v]) => `faultline_open_incidents{${k}} ${v}`),
    '# HELP faultline_resolved_incidents Incidents in the reported window already resolved at the end of the data.',
    '# TYPE faultline_resolved_incidents gauge',
    `faultline_resolved_incidents ${resolved}`,
    '# HELP faultline_lines_ingested_total Log lines read, all runs.',
    '# TYPE faultline_lines_ingested_total counter',
    `faultline_lines_ingested_total ${totals!['lines']}`,
    '# HELP faultline_rejects_total Log lines that could not be parsed, all runs.',
    '# TYPE faultline_rejects_total counter',
    `faultline_rejects_total ${totals!['rejects']}`,
    '# HELP faultline_last_success_timestamp_seconds When the last run succeeded.',
    '# TYPE faultline_last_success_timestamp_seconds gauge',
    `faultline_last_success_timestamp_seconds ${(Date.now() / 1000).toFixed(3)}`,
    '# HELP faultline_run_duration_seconds How long the last run took.',
    '# TYPE faultline_run_duration_seconds gauge',
    `faultline_run_duration_seconds ${runSeconds.toFixed(3)}`,
  ];
  await writeFileAtomic(file, lines.join('\n') + '\n');
}
