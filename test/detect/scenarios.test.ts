import { describe, expect, it } from 'vitest';
import { runScenario } from './run-scenario.js';

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
});
