import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { FIXTURES, memoryStore, num, rows } from '../helpers.js';

// Logs nobody on this project wrote (Loghub OpenSSH sample; licence in fixtures/real-logs/README.md).
const OPENSSH = path.join(FIXTURES, 'real-logs', 'OpenSSH_2k.log');

describe('real logs: Loghub OpenSSH_2k (RFC 3164 sshd)', () => {
  it('loads every well-formed line and finds the brute-force logins in it', async () => {
    const text = readFileSync(OPENSSH, 'utf8');
    const lines = text.split('\n').filter((l) => l !== '');
    const store = await memoryStore();
    const run = await ingest(store, [OPENSSH], { year: 2025 });
    expect(run.files[0]).toMatchObject({ format: 'syslog', lines: lines.length, rows: lines.length, rejects: 0 });
    expect(await rows(store, `SELECT DISTINCT host, service FROM log_lines`)).toEqual([{ host: 'LabSZ', service: 'sshd' }]);
    expect(await rows(store, `SELECT strftime(min(ts), '%Y-%m-%d %H:%M:%S') AS first FROM log_lines`)).toEqual([
      { first: '2025-12-10 06:55:46' },
    ]);

    // Counted independently from the raw text.
    const failed = lines.filter((l) => /sshd\[\d+\]: Failed \S+ for .* from \S+ port \d+/.test(l)).length;
    const invalid = lines.filter((l) => /sshd\[\d+\]: Invalid user \S* from \S+/.test(l)).length;
    const accepted = lines.filter((l) => /sshd\[\d+\]: Accepted \S+ for /.test(l)).length;
    expect(await num(store, `SELECT count(*) FROM auth_events WHERE outcome = 'failure'`)).toBe(failed);
    expect(await num(store, `SELECT count(*) FROM auth_events WHERE outcome = 'invalid_user'`)).toBe(invalid);
    expect(await num(store, `SELECT count(*) FROM auth_events WHERE outcome = 'success'`)).toBe(accepted);
    expect(failed).toBeGreaterThan(100);
    // The attack: a single source dominates the failures.
    const [top] = await rows(store, `SELECT source_ip, count(*) AS n FROM auth_events WHERE outcome = 'failure' GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
    expect(top!['source_ip']).toBe('183.62.140.253');
  });
});
