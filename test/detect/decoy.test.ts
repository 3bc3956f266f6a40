import { describe, expect, it } from 'vitest';
import { runScenario } from './run-scenario.js';

// Apart from scenarios.test.ts so that the longest world runs beside the others, not after them.
describe('no detection on a generated world without incidents', () => {
  it('finds nothing in 24 h of decoys: a +40% traffic hour, harmless deploys, a quiet night', async () => {
    const { doc } = await runScenario('decoy', 1);
    expect(doc.incidents).toEqual([]);
    expect(Date.parse(doc.window.end!) - Date.parse(doc.window.start!)).toBe(24 * 3_600_000);
  });
});
