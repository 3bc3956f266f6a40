import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { analyse as detect } from '../../pipeline/analyse.js';
import { evaluate, readTruth } from '../../pipeline/eval/truth.js';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { incidentsDocument } from '../../pipeline/report/json.js';
import { SCENARIOS, generate } from '../../scripts/gen-sample-logs.js';
import { memoryStore, tempDir } from '../helpers.js';

/** Generate a world, run the whole pipeline on it, and score it against its truth.json. */
async function runScenario(name: keyof typeof SCENARIOS, seed: number) {
  const out = path.join(tempDir(), name);
  generate({ ...SCENARIOS[name], out, seed });
  const store = await memoryStore();
  await ingest(store, [out], { inventory: path.join(out, 'inventory.csv') });
  await detect(store);
  const doc = await incidentsDocument(store);
  return { doc, result: evaluate(doc.incidents, await readTruth(path.join(out, 'truth.json'))) };
}

describe('detection on generated worlds (eval against their truth.json)', () => {
  it.each([
    ['sample', 2],
    ['hard', 3],
  ] as const)('%s world, seed %i: precision and recall ≥ 0.95, onset within 2 minutes, cause @1 ≥ 0.9 and @3 = 1', async (name, seed) => {
    const { result } = await runScenario(name, seed);
    expect(result.labelled).toBe(5);
    expect(result.precision, JSON.stringify(result.falseAlarms)).toBeGreaterThanOrEqual(0.95);
    expect(result.recall, JSON.stringify(result.missed)).toBeGreaterThanOrEqual(0.95);
    expect(result.onsetErrorMinutes).toBeLessThanOrEqual(2);
    expect(result.maxOnsetErrorMinutes).toBeLessThanOrEqual(2);
    expect(result.causeAt1).toBeGreaterThanOrEqual(0.9);
    expect(result.causeAt3).toBe(1);
  });

  it('rollout world: a deploy reaching three regions in turn (one pausing) is one incident; two unrelated ones at once stay two; half-strength congestion is congestion', async () => {
    const { doc, result } = await runScenario('rollout', 5);
    expect(result).toMatchObject({ labelled: 4, found: 4, precision: 1, recall: 1, fragmentation: 1, causeAt1: 1 });
    expect(result.maxOnsetErrorMinutes).toBeLessThanOrEqual(2);
    const rollout = doc.incidents.find((i) => i.causes[0]!.cause === 'bad_deploy')!;
    expect(rollout.regions).toEqual(['ap-southeast-1', 'eu-central-1', 'us-east-1']);
    // Status-page phases: each region detected in turn and restored on its own.
    expect(rollout.phases.map((p) => [p.region, p.detected.slice(11, 16)])).toEqual([
      ['ap-southeast-1', '05:39'], ['eu-central-1', '05:31'], ['us-east-1', '05:35'],
    ]);
    expect(rollout.phases.every((p) => p.resolved !== null && rollout.status === 'resolved')).toBe(true);
    expect(doc.incidents.find((i) => i.causes[0]!.cause === 'network_congestion')!.symptoms).toContain('congestion');
  });

  it('finds nothing in 24 h of decoys: a +40% traffic hour, harmless deploys, a quiet night', async () => {
    const { doc } = await runScenario('decoy', 1);
    expect(doc.incidents).toEqual([]);
    expect(Date.parse(doc.window.end!) - Date.parse(doc.window.start!)).toBe(24 * 3_600_000);
  });
});
