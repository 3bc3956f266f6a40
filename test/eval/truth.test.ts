import { describe, expect, it } from 'vitest';
import { evaluate, matches, type TruthIncident } from '../../pipeline/eval/truth.js';
import type { IncidentDoc } from '../../pipeline/report/json.js';

const found = (id: string, start: string, end: string, regions: string[], causes: string[] = []): IncidentDoc => ({
  id, start, end, regions, symptoms: ['error_spike'], severity: 'high',
  causes: causes.map((cause, i) => ({ cause: cause as IncidentDoc['causes'][0]['cause'], score: 0.5 - i / 10, evidence: [] })),
  impact: { requests: 0, failed_requests: 0, clients: 0, missing_requests: 0 }, summary: '', drilldown: [], status: 'resolved', phases: [],
});
const truth = (start: string, end: string, regions: string[], cause: TruthIncident['cause']): TruthIncident => ({ start, end, regions, cause });

describe('eval', () => {
  it('matches on overlapping times with 5 minutes of slack and a shared region', () => {
    const t = truth('2026-11-24T10:00:00Z', '2026-11-24T10:10:00Z', ['eu'], 'bad_deploy');
    expect(matches(found('a', '2026-11-24T10:14:00Z', '2026-11-24T10:20:00Z', ['eu']), t)).toBe(true);
    expect(matches(found('a', '2026-11-24T10:16:00Z', '2026-11-24T10:20:00Z', ['eu']), t)).toBe(false);
    expect(matches(found('a', '2026-11-24T10:01:00Z', '2026-11-24T10:05:00Z', ['us']), t)).toBe(false);
  });

  it('computes precision, recall, F1, cause accuracy and onset error as worked out by hand', () => {
    const labelled = [
      truth('2026-11-24T10:00:00Z', '2026-11-24T10:10:00Z', ['eu'], 'bad_deploy'),
      truth('2026-11-24T11:00:00Z', '2026-11-24T11:10:00Z', ['us'], 'database_failure'),
      truth('2026-11-24T12:00:00Z', '2026-11-24T12:10:00Z', ['ap'], 'security_attack'),
    ];
    const result = evaluate(
      [
        found('a', '2026-11-24T10:02:00Z', '2026-11-24T10:09:00Z', ['eu'], ['bad_deploy', 'unknown']),
        found('b', '2026-11-24T11:03:00Z', '2026-11-24T11:09:00Z', ['us'], ['server_overload', 'database_failure']),
        found('c', '2026-11-24T15:00:00Z', '2026-11-24T15:09:00Z', ['us']),
      ],
      labelled,
    );
    expect(result).toMatchObject({
      found: 3, labelled: 3, matched: 2, precision: 2 / 3, recall: 2 / 3, causeAt1: 0.5, causeAt3: 1,
      onsetErrorMinutes: 2.5, maxOnsetErrorMinutes: 3,
    });
    expect(result.f1).toBeCloseTo(2 / 3, 12);
    expect(result.missed).toEqual([labelled[2]]);
    expect(result.falseAlarms).toEqual([{ id: 'c', start: '2026-11-24T15:00:00Z', regions: ['us'] }]);
  });
});
