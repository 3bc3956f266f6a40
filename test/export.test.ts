import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Store } from '../pipeline/db.js';
import { cli, sampleDb, tempDir } from './helpers.js';

describe('faultline export --parquet', () => {
  it('writes every table as kind=/region=/date= Parquet that DuckDB reads back row for row', async () => {
    const dir = tempDir();
    const db = sampleDb();
    const out = path.join(dir, 'lake');
    const run = cli(['export', '--db', db, '--parquet', out, '--since', '2026-11-24T08:00:00Z', '--until', '2026-11-24T09:00:00Z']);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(path.join(out, 'kind=http_requests')).sort()).toEqual(['region=ap-southeast-1', 'region=eu-central-1', 'region=us-east-1']);
    expect(readdirSync(path.join(out, 'kind=http_requests', 'region=eu-central-1'))).toEqual(['date=2026-11-24']);
    // Exporting the same range again replaces what it wrote (the same files; the counts below
    // are read after it): no duplicates.
    const files = (): string[] => readdirSync(out, { recursive: true }).map(String).filter((f) => f.endsWith('.parquet')).sort();
    const before = files();
    expect(cli(['export', '--db', db, '--parquet', out, '--since', '2026-11-24T08:00:00Z', '--until', '2026-11-24T09:00:00Z']).status).toBe(0);
    expect(files()).toEqual(before);

    // A duration counts back from the end of the data: --since 30m is the last half hour.
    const recent = path.join(dir, 'recent');
    expect(cli(['export', '--db', db, '--parquet', recent, '--since', '30m']).status).toBe(0);

    const store = await Store.open(db);
    const [back] = await store.main.all(
      `SELECT count(*) AS n, count(DISTINCT region) AS regions, min(ts) >= '2026-11-24T08:00:00Z' AND max(ts) < '2026-11-24T09:00:00Z' AS in_window
       FROM read_parquet($glob, hive_partitioning = true)`,
      { glob: path.join(out, 'kind=http_requests', '*', '*', '*.parquet') },
    );
    const [source] = await store.main.all(`SELECT count(*) AS n FROM http_requests WHERE ts >= '2026-11-24T08:00:00Z' AND ts < '2026-11-24T09:00:00Z'`);
    expect(back).toEqual({ n: source!['n'], regions: 3, in_window: true });

    const [tail] = await store.main.all(
      `SELECT (SELECT count(*) FROM read_parquet($glob)) AS exported,
              (SELECT count(*) FROM http_requests WHERE ts >= greatest((SELECT max(ts) FROM http_requests), (SELECT max(ts) FROM log_lines), (SELECT max(ts) FROM metric_samples), (SELECT max(start_ts) FROM flows)) - INTERVAL 30 MINUTE) AS expected`,
      { glob: path.join(recent, 'kind=http_requests', '*', '*', '*.parquet') },
    );
    expect(Number(tail!['exported'])).toBeGreaterThan(0);
    expect(tail!['exported']).toBe(tail!['expected']);
    store.close();
  });
});
