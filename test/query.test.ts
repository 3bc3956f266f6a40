import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { cli, sampleDb, tempDir } from './helpers.js';

describe('faultline query', () => {
  it('lists the named queries, runs them with bound parameters, and any SQL, in every format', () => {
    const db = sampleDb();
    const dir = tempDir();

    const list = cli(['query', '--list', '--db', db]);
    for (const name of ['region-health', 'incidents', 'top-templates', 'slowest-endpoints', 'top-clients', 'changes-around']) {
      expect(list.stdout).toContain(name);
    }
    const top = JSON.parse(cli(['query', 'top-clients', '--param', 'region=us-east-1', '--param', 'limit=3', '--format', 'json', '--db', db]).stdout);
    expect(top).toHaveLength(3);
    expect(top.every((r: { regions: string }) => r.regions === 'us-east-1')).toBe(true);
    // A value is bound, never pasted: SQL in a parameter is just a region that does not exist.
    const injected = JSON.parse(cli(['query', 'top-clients', '--param', "region=x' OR '1'='1", '--format', 'json', '--db', db]).stdout);
    expect(injected).toEqual([]);

    const csv = cli(['query', 'SELECT region, count(*) AS n FROM http_requests GROUP BY 1 ORDER BY 1', '--format', 'csv', '--db', db]).stdout;
    expect(csv.split('\n')[0]).toBe('region,n');
    expect(csv.trim().split('\n')).toHaveLength(4);

    // A table fits the terminal: long cells are cut with …; --format csv keeps whole values.
    const wide = 'SELECT ts, region, host, service, level, message FROM log_lines ORDER BY length(message) DESC LIMIT 5';
    const table80 = cli(['query', wide, '--db', db], { env: { COLUMNS: '80' } }).stdout.trimEnd().split('\n');
    expect(table80).toHaveLength(7);
    expect(Math.max(...table80.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(table80.join('\n')).toContain('…');
    const whole = cli(['query', wide, '--format', 'csv', '--db', db]).stdout;
    expect(whole).not.toContain('…');
    expect(Math.max(...whole.split('\n').map((l) => l.length))).toBeGreaterThan(80);

    const arrow = path.join(dir, 'changes.arrow');
    expect(cli(['query', 'changes-around', '--param', 'incident=inc-20261124-0740-eu-central-1', '--format', 'arrow', '--out', arrow, '--db', db]).status).toBe(0);
    const table = tableFromIPC(readFileSync(arrow));
    expect(table.numRows).toBe(6);
    expect(table.getChild('kind')!.toArray()).toContain('deploy');
  });

  it('says what is wrong with a bad name or parameter (exit 2)', () => {
    const db = path.join(tempDir(), 'f.duckdb');
    const bad = cli(['query', 'no-such-query', '--db', db]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('no named query "no-such-query"');
    const param = cli(['query', 'top-clients', '--param', 'colour=red', '--db', db]);
    expect(param.status).toBe(2);
    expect(param.stderr).toContain('no parameter "colour" (it takes: region, since, until, limit)');
  });
});
