import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyse } from '../../pipeline/analyse.js';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { FIXTURES, memoryStore, num, rows, tempDir } from '../helpers.js';

// A real sshd log (Loghub OpenSSH_2k; licence in fixtures/real-logs/README.md) with a brute-force attack in it.
const OPENSSH = path.join(FIXTURES, 'real-logs', 'OpenSSH_2k.log');

describe('log-only signals', () => {
  it('finds the brute-force bursts in the real sshd log and names the sources and user names tried', async () => {
    const store = await memoryStore();
    await ingest(store, [OPENSSH], { year: 2025, region: 'lab' });
    await analyse(store);
    const incidents = await rows(store, `SELECT id, symptoms, summary, (SELECT cause FROM incident_causes c WHERE c.incident_id = i.id AND rank = 1) AS cause
                                         FROM incidents i ORDER BY start_ts`);
    expect(incidents.length).toBeGreaterThanOrEqual(1);
    for (const i of incidents) {
      expect(i['symptoms']).toContain('auth_failures');
      expect(i['cause']).toBe('security_attack');
      expect(i['summary']).toMatch(/no request data/);
    }
    // Each burst's top sources and users, recomputed from the raw text, are named in its summary.
    const lines = readFileSync(OPENSSH, 'utf8').split('\n');
    for (const i of await rows(store, `SELECT summary, strftime(start_ts, '%b %d %H:%M') AS s, strftime(end_ts, '%b %d %H:%M') AS e FROM incidents`)) {
      const inWindow = lines.filter((l) => l.slice(0, 12) >= String(i['s']) && l.slice(0, 12) < String(i['e']));
      const sources = new Map<string, number>();
      for (const l of inWindow) {
        const m = /(?:Failed \S+ for (?:invalid user )?.*? from|Invalid user \S* from) (\S+)/.exec(l);
        if (m) sources.set(m[1]!, (sources.get(m[1]!) ?? 0) + 1);
      }
      const [topIp, topN] = [...sources].sort((a, b) => b[1] - a[1])[0]!;
      expect(i['summary']).toContain(`${topIp} (${topN})`);
      expect(i['summary']).toMatch(/user names tried, most: root/);
    }
    // The largest burst (10:54–11:05 UTC, one source at up to 39 a minute) is among them.
    expect(incidents.map((i) => i['id'])).toContain('inc-20251210-1054-lab');
  });

  it('labels lines without a PRI by keywords, and turns PAM authentication failures into failed logins', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'auth.log');
    writeFileSync(file, [
      'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ',
      'Jun 14 15:16:02 combo sshd(pam_unix)[19937]: check pass; user unknown',
      'Jun 15 02:04:59 combo sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=220-135-151-1.hinet-ip.hinet.net  user=root',
      'Jun 15 04:06:18 combo su(pam_unix)[21416]: session opened for user cyrus by (uid=0)',
      'Jun 15 04:06:19 combo kernel: Out of memory: Killed process 2412',
      'Jun 15 04:06:20 combo ftpd[1234]: connection refused from 10.0.0.1',
      'Jun 15 04:06:21 combo kernel: warning: clock skew detected',
    ].join('\n') + '\n');
    const store = await memoryStore();
    await ingest(store, [file], { year: 2025 });
    expect(await rows(store, 'SELECT level FROM log_lines ORDER BY line_no')).toEqual(
      ['error', 'info', 'error', 'info', 'error', 'error', 'warn'].map((level) => ({ level })),
    );
    expect(await rows(store, 'SELECT outcome, source_ip, user_name FROM auth_events ORDER BY line_no')).toEqual([
      { outcome: 'failure', source_ip: '218.188.2.4', user_name: null },
      { outcome: 'failure', source_ip: '220-135-151-1.hinet-ip.hinet.net', user_name: 'root' },
    ]);
  });

  it('flags nothing on a log with the usual background of failed logins', async () => {
    const dir = tempDir();
    const out: string[] = [];
    // Four hours: two failed logins a minute from ever-changing scanners, normal sessions.
    for (let m = 0; m < 240; m++) {
      const t = `Dec 10 ${String(6 + Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      out.push(`${t}:05 gw sshd[${1000 + m}]: Failed password for root from 198.51.${m % 200}.${(m * 7) % 250} port ${40000 + m} ssh2`);
      out.push(`${t}:35 gw sshd[${2000 + m}]: Invalid user admin from 203.0.${(m * 3) % 200}.${m % 250} port ${50000 + m}`);
      out.push(`${t}:40 gw sshd[${3000 + m}]: Accepted publickey for deploy from 10.0.0.5 port ${30000 + m} ssh2`);
    }
    writeFileSync(path.join(dir, 'auth.log'), out.join('\n') + '\n');
    const store = await memoryStore();
    await ingest(store, [dir], { year: 2025, region: 'lab' });
    const result = await analyse(store);
    expect(await num(store, "SELECT count(*) FROM auth_events WHERE outcome <> 'success'")).toBe(480);
    expect(result.incidents).toBe(0);
  });
});
