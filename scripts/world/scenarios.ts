/**
 * The generated worlds' scenarios: the incidents injected (with the truth they are labelled as),
 * the harmless changes and traffic bumps, and the named worlds the tests and the sample use.
 */
import type { Cause } from '../../pipeline/types.js';

/** An injected incident: what the truth file says and what the generator does to the world. */
export interface IncidentSpec {
  cause: Exclude<Cause, 'unknown'>;
  region: string;
  /** Minutes after the world's start. */
  startMin: number;
  endMin: number;
  /** 1 = the sample's magnitude; smaller is subtler. */
  magnitude: number;
  /**
   * Specs with the same event are one labelled incident: a rollout reaching several regions, or
   * one region's trouble pausing and coming back (its deploy and rollback happen once).
   */
  event?: string;
}

/** A harmless change: a deploy that breaks nothing. */
export interface DecoySpec {
  region: string;
  atMin: number;
  service: string;
  version: string;
}

/** A harmless traffic change: more (or fewer) ordinary clients, served fine. */
export interface BumpSpec {
  region: string;
  startMin: number;
  endMin: number;
  factor: number;
}

export interface WorldOptions {
  out: string;
  seed: number;
  start: Date;
  hours: number;
  /** Multiplies every traffic rate. */
  scale: number;
  incidents: IncidentSpec[];
  decoys: DecoySpec[];
  bumps: BumpSpec[];
  /** Write the older part of each log as a rotated .gz (access.log.1.gz, ...). */
  rotate: boolean;
}

/** The sample world's incidents: one of each cause, in a 3-hour window. */
export const SAMPLE_INCIDENTS: IncidentSpec[] = [
  { cause: 'bad_deploy', region: 'eu-central-1', startMin: 40, endMin: 55, magnitude: 1 },
  { cause: 'database_failure', region: 'us-east-1', startMin: 70, endMin: 88, magnitude: 1 },
  { cause: 'server_overload', region: 'ap-southeast-1', startMin: 105, endMin: 125, magnitude: 1 },
  { cause: 'network_congestion', region: 'eu-central-1', startMin: 135, endMin: 150, magnitude: 1 },
  { cause: 'security_attack', region: 'us-east-1', startMin: 160, endMin: 175, magnitude: 1 },
];
export const SAMPLE_DECOYS: DecoySpec[] = [
  { region: 'us-east-1', atMin: 20, service: 'search', version: '4.1.0' },
  { region: 'ap-southeast-1', atMin: 140, service: 'cart', version: '3.3.1' },
];

/** A scenario: everything of a world but where it is written. */
export type Scenario = Omit<WorldOptions, 'out' | 'seed'>;

/**
 * Named worlds: `sample` (3 h, one incident of each cause), `decoy` (24 h, no incident: a +40%
 * traffic hour, harmless deploys, a quiet night) and `hard` (4 h, half-strength incidents,
 * overlapping in different regions), `rollout` (3 h: one bad deploy reaching three regions in
 * turn with a pause in one, two unrelated incidents at once, half-strength congestion).
 */
export const SCENARIOS: Record<'sample' | 'decoy' | 'hard' | 'rollout', Scenario> = {
  sample: { start: new Date('2026-11-24T07:00:00Z'), hours: 3, scale: 1, incidents: SAMPLE_INCIDENTS, decoys: SAMPLE_DECOYS, bumps: [], rotate: true },
  decoy: {
    start: new Date('2026-11-23T00:00:00Z'),
    hours: 24,
    scale: 0.5,
    incidents: [],
    decoys: [
      { region: 'eu-central-1', atMin: 9 * 60, service: 'checkout', version: '2.13.3' },
      { region: 'us-east-1', atMin: 14 * 60 + 30, service: 'search', version: '4.1.1' },
      { region: 'ap-southeast-1', atMin: 3 * 60, service: 'cart', version: '3.3.2' },
      { region: 'us-east-1', atMin: 21 * 60, service: 'orders', version: '5.2.2' },
    ],
    bumps: [{ region: 'us-east-1', startMin: 17 * 60, endMin: 18 * 60, factor: 1.4 }],
    rotate: false,
  },
  hard: {
    start: new Date('2026-11-25T06:00:00Z'),
    hours: 4,
    scale: 1,
    incidents: [
      { cause: 'database_failure', region: 'us-east-1', startMin: 60, endMin: 80, magnitude: 0.5 },
      { cause: 'network_congestion', region: 'ap-southeast-1', startMin: 66, endMin: 86, magnitude: 0.5 },
      { cause: 'server_overload', region: 'eu-central-1', startMin: 120, endMin: 140, magnitude: 0.5 },
      { cause: 'security_attack', region: 'us-east-1', startMin: 126, endMin: 141, magnitude: 0.5 },
      { cause: 'bad_deploy', region: 'eu-central-1', startMin: 190, endMin: 205, magnitude: 0.5 },
    ],
    decoys: [{ region: 'ap-southeast-1', atMin: 160, service: 'search', version: '4.1.0' }],
    bumps: [{ region: 'ap-southeast-1', startMin: 170, endMin: 200, factor: 1.4 }],
    rotate: false,
  },
  rollout: {
    start: new Date('2026-11-26T05:00:00Z'),
    hours: 3,
    scale: 1,
    incidents: [
      // One bad deploy rolled out to three regions 4 and 8 minutes apart; ap-southeast-1's errors
      // pause for 7 minutes mid-way.
      { cause: 'bad_deploy', region: 'eu-central-1', startMin: 31, endMin: 46, magnitude: 1, event: 'rollout' },
      { cause: 'bad_deploy', region: 'us-east-1', startMin: 35, endMin: 50, magnitude: 1, event: 'rollout' },
      { cause: 'bad_deploy', region: 'ap-southeast-1', startMin: 39, endMin: 45, magnitude: 1, event: 'rollout' },
      { cause: 'bad_deploy', region: 'ap-southeast-1', startMin: 52, endMin: 60, magnitude: 1, event: 'rollout' },
      // Two unrelated incidents at once, in different regions.
      { cause: 'database_failure', region: 'us-east-1', startMin: 100, endMin: 118, magnitude: 1 },
      { cause: 'server_overload', region: 'eu-central-1', startMin: 101, endMin: 117, magnitude: 1 },
      // Half-strength congestion.
      { cause: 'network_congestion', region: 'ap-southeast-1', startMin: 140, endMin: 155, magnitude: 0.5 },
    ],
    decoys: [{ region: 'us-east-1', atMin: 75, service: 'search', version: '4.1.0' }],
    bumps: [],
    rotate: false,
  },
};

/** The labelled incidents: specs grouped by event (a spec without one is its own). */
export function labelled(incidents: readonly IncidentSpec[]): IncidentSpec[][] {
  const groups = new Map<string | IncidentSpec, IncidentSpec[]>();
  for (const i of incidents) groups.set(i.event ?? i, [...(groups.get(i.event ?? i) ?? []), i]);
  return [...groups.values()];
}
