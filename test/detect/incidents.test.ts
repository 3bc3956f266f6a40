import { describe, expect, it } from 'vitest';
import { assemble, correlate, episodesOf, severityOf, type RegionAlarm, type Signature } from '../../pipeline/detect/incidents.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 24, 5, 0);
const at = (hhmm: string): number => T0 + (Number(hhmm.slice(0, 2)) - 5) * 60 * MIN + Number(hhmm.slice(3)) * MIN;
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString().slice(11, 16));
/** An alarm from `from` to `to` (exclusive), worst at `worst`, resolved unless `open`. */
function alarm(region: string, from: string, to: string, options: Partial<RegionAlarm> = {}): RegionAlarm {
  return { region, symptom: 'error_spike', startMs: at(from), endMs: at(to), peak: 0.9, worstMs: at(from) + MIN, recoveringMs: at(to) - 2 * MIN, open: false, ...options };
}
const OPTIONS = { gapMs: 3 * MIN, onsetMs: 3 * MIN, sameCauseGapMs: 15 * MIN };
/** Episodes with their signatures, as the incidents stage finds them in the database. */
function withSignatures(alarms: RegionAlarm[], signatureOf: (region: string, startMs: number) => Signature) {
  const episodes = episodesOf(alarms, OPTIONS.gapMs);
  for (const e of episodes) e.signature = signatureOf(e.region, e.startMs);
  return episodes;
}
const deploy: Signature = { change: 'checkout 2.4.1', template: 17 };

describe('incidents from alarms', () => {
  it('a deploy rolled out to four regions minutes apart is one incident, each region with its own phases', () => {
    const alarms = [
      alarm('us-east-1', '05:31', '05:48'),
      alarm('ap-southeast-2', '05:35', '05:50'),
      alarm('eu-central-1', '05:35', '05:52'),
      alarm('sa-east-1', '05:43', '06:11', { recoveringMs: at('06:05') }),
    ];
    const [incident, ...rest] = correlate(withSignatures(alarms, () => deploy), OPTIONS);
    expect(rest).toEqual([]);
    expect(incident).toMatchObject({ regions: ['ap-southeast-2', 'eu-central-1', 'sa-east-1', 'us-east-1'], open: false });
    expect([iso(incident!.startMs), iso(incident!.endMs)]).toEqual(['05:31', '06:11']);
    const sa = incident!.phases.find((p) => p.region === 'sa-east-1')!;
    expect([iso(sa.detectedMs), iso(sa.worstMs), iso(sa.recoveringMs), iso(sa.resolvedMs)]).toEqual(['05:43', '05:44', '06:05', '06:11']);
    // Without evidence, onsets 4 and 12 minutes later are apart: three pieces, as before this rule.
    expect(assemble(alarms, OPTIONS).map((i) => i.regions)).toEqual([['us-east-1'], ['ap-southeast-2', 'eu-central-1'], ['sa-east-1']]);
  });

  it('a pause inside an event does not split it: the same evidence 7 minutes later is the same incident', () => {
    const alarms = [alarm('eu-central-1', '05:35', '05:45'), alarm('eu-central-1', '05:52', '06:02')];
    expect(correlate(withSignatures(alarms, () => deploy), OPTIONS)).toHaveLength(1);
    // Different evidence after the pause: two incidents.
    const other: Signature = { change: null, template: 99 };
    expect(correlate(withSignatures(alarms, (_, start) => (start < at('05:50') ? deploy : other)), OPTIONS)).toHaveLength(2);
  });

  it('two unrelated incidents overlapping in time stay two; without evidence, simultaneous onsets with a symptom in common are one', () => {
    const alarms = [alarm('us-east-1', '05:30', '05:50'), alarm('eu-central-1', '05:31', '05:45', { symptom: 'error_spike' })];
    const apart = withSignatures(alarms, (region) => (region === 'us-east-1' ? deploy : { change: null, template: 41 }));
    expect(correlate(apart, OPTIONS).map((i) => i.regions)).toEqual([['us-east-1'], ['eu-central-1']]);
    expect(assemble(alarms, OPTIONS).map((i) => i.regions)).toEqual([['eu-central-1', 'us-east-1']]);
  });

  it('is open while a region has not resolved by the end of its data', () => {
    const [incident] = assemble([alarm('us-east-1', '05:30', '05:50'), alarm('us-east-1', '05:40', '05:59', { symptom: 'overload', open: true, recoveringMs: null })], OPTIONS);
    expect(incident!.open).toBe(true);
    expect(incident!.phases).toEqual([{ region: 'us-east-1', detectedMs: at('05:30'), worstMs: at('05:31'), recoveringMs: null, resolvedMs: null }]);
  });

  it('rates severity from impact (golden values)', () => {
    const base = { requests: 10_000, failedRequests: 0, missingRequests: 0, latencyFactor: 1, minutes: 5 };
    expect(severityOf({ ...base, failedRequests: 2_500 })).toBe('critical');
    expect(severityOf({ ...base, missingRequests: 10_000 })).toBe('critical');
    expect(severityOf({ ...base, failedRequests: 1_000 })).toBe('high');
    expect(severityOf({ ...base, latencyFactor: 5 })).toBe('high');
    expect(severityOf({ ...base, failedRequests: 300 })).toBe('medium');
    expect(severityOf({ ...base, minutes: 15 })).toBe('medium');
    expect(severityOf(base)).toBe('low');
  });
});
