/** Domain types shared by every stage; the string unions match the README and docs/incidents.schema.json. */

/** Input formats of the README's Input formats. */
export type Format = 'access' | 'jsonl' | 'influx' | 'vpcflow' | 'syslog' | 'errorlog';

/** What the detectors flag, per region and time bucket (the README's Causes and Detection). */
export type Symptom = 'overload' | 'congestion' | 'error_spike' | 'auth_failures';

/** What the ranker names (the README's Causes and Detection). */
export type Cause =
  | 'server_overload'
  | 'network_congestion'
  | 'bad_deploy'
  | 'database_failure'
  | 'security_attack'
  | 'unknown';

export type Severity = 'low' | 'medium' | 'high' | 'critical';
