/** Domain types shared by every stage; the string unions match CONTRACT.md. */

/** Input formats of CONTRACT section 1. */
export type Format = 'access' | 'jsonl' | 'influx' | 'vpcflow' | 'syslog';
export const FORMATS: readonly Format[] = ['access', 'jsonl', 'influx', 'vpcflow', 'syslog'];

/** What the detectors flag, per region and time bucket (CONTRACT section 3). */
export type Symptom = 'overload' | 'congestion' | 'error_spike' | 'auth_failures';

/** What the ranker names (CONTRACT section 3). */
export type Cause =
  | 'server_overload'
  | 'network_congestion'
  | 'bad_deploy'
  | 'database_failure'
  | 'security_attack'
  | 'unknown';

export type Severity = 'low' | 'medium' | 'high' | 'critical';
