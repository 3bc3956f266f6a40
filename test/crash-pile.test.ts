import { describe, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { killedEqualsClean, writeLogs } from './crash-helpers.js';
import { tempDir } from './helpers.js';

// Apart from crash.test.ts so that the two crash runs go on both cores.
describe('crash safety of shared loads', () => {
  it('a pile of small files loaded many to a statement, killed (SIGKILL) at any point and run again, equals one clean run', async () => {
    const dir = tempDir();
    const logs = path.join(dir, 'logs');
    // 260 small files, every 13th gzipped: one shared load, one transaction.
    writeLogs(logs, 260, 200);
    for (let f = 0; f < 260; f += 13) {
      const plain = path.join(logs, `access-${f}.log`);
      writeFileSync(`${plain}.gz`, gzipSync(readFileSync(plain)));
      rmSync(plain);
    }
    await killedEqualsClean(dir, logs, [150, 300, 500, 800]);
  });
});
