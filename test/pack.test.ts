import { describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, tempDir } from './helpers.js';

const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 240_000 });

describe('npm pack', () => {
  it('yields a package that installs and runs: faultline --help, and a real load from the tarball', () => {
    const dir = tempDir();
    // dist/ is built by `npm test` already; --ignore-scripts keeps prepack from rebuilding it under other tests.
    const pack = npm(['pack', '--ignore-scripts', '--pack-destination', dir, '--silent'], ROOT);
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const app = path.join(dir, 'app');
    spawnSync('mkdir', [app]);
    writeFileSync(path.join(app, 'package.json'), '{"name": "app", "private": true}\n');
    const install = npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', path.join(dir, tarball)], app);
    expect(install.status, install.stderr).toBe(0);
    const help = spawnSync('npx', ['--no-install', 'faultline', '--help'], { cwd: app, encoding: 'utf8' });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: faultline');
    const run = spawnSync('npx', ['--no-install', 'faultline', 'ingest', path.join(ROOT, 'test', 'fixtures', 'access-mixed.log'), '--db', ':memory:'], { cwd: app, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/ingest: 1 files loaded \(8 lines, 6 rows, 2 rejects/);
  });
});
