/**
 * A deterministic generator of a multi-region world of logs in every format of the README's Input
 * formats, with injected incidents of each cause of the README's Causes and Detection and their truth.json.
 *
 *   node dist/scripts/gen-sample-logs.js --out sample-logs [--scenario sample|decoy|hard] [--seed 1]
 *                                        [--start ISO] [--hours 3] [--scale 1] [--no-rotate]
 *
 * The same seed and options always write the same bytes.
 */
import { pathToFileURL } from 'node:url';
import { Files, writeWorld } from './world/files.js';
import { writeFlows, writeMetrics, writeSyslog } from './world/hosts.js';
import { hostsOf, REGIONS } from './world/model.js';
import { rng } from './world/random.js';
import { SCENARIOS, type IncidentSpec, type WorldOptions } from './world/scenarios.js';
import { simulateTraffic } from './world/traffic.js';

export { rng } from './world/random.js';
export { SAMPLE_DECOYS, SAMPLE_INCIDENTS, SCENARIOS, type BumpSpec, type DecoySpec, type IncidentSpec, type Scenario, type WorldOptions } from './world/scenarios.js';

/**
 * Generate the world into `options.out` (replacing it). Returns the log files written, relative.
 * Per region, in this order (the random sequence, so the bytes, depend on it): its traffic and
 * application log, its hosts' metrics, its flow logs, its syslog.
 */
export function generate(options: WorldOptions): string[] {
  const random = rng(options.seed);
  const t0 = options.start.getTime();
  const files = new Files();
  const active = (region: string, cause: IncidentSpec['cause'], ms: number): IncidentSpec | undefined =>
    options.incidents.find(
      (i) => i.region === region && i.cause === cause && ms >= t0 + i.startMin * 60_000 && ms < t0 + i.endMin * 60_000,
    );
  for (const region of REGIONS) {
    const hosts = hostsOf(region);
    simulateTraffic(files, region, options, random, active);
    writeMetrics(files, region, hosts, options, random, active);
    writeFlows(files, region, hosts, options, random, active);
    writeSyslog(files, region, hosts, options, random, active);
  }
  return writeWorld(files, options);
}

function parseArgs(argv: string[]): WorldOptions {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const name = (get('scenario') ?? 'sample') as keyof typeof SCENARIOS;
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`--scenario: one of ${Object.keys(SCENARIOS).join(', ')}`);
  return {
    ...scenario,
    out: get('out') ?? 'sample-logs',
    seed: Number(get('seed') ?? 1),
    ...(get('start') ? { start: new Date(get('start')!) } : {}),
    ...(get('hours') ? { hours: Number(get('hours')) } : {}),
    ...(get('scale') ? { scale: Number(get('scale')) } : {}),
    ...(argv.includes('--no-rotate') ? { rotate: false } : {}),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = parseArgs(process.argv.slice(2));
  const written = generate(options);
  process.stderr.write(`gen-sample-logs: ${written.length} log files + inventory.csv + truth.json in ${options.out}\n`);
}
