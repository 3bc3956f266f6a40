import path from 'node:path';
import { analyse as detect } from '../../pipeline/analyse.js';
import { evaluate, readTruth } from '../../pipeline/eval/truth.js';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { incidentsDocument } from '../../pipeline/report/json.js';
import { SCENARIOS, generate } from '../../scripts/gen-sample-logs.js';
import { memoryStore, tempDir } from '../helpers.js';

/** Generate a world, run the whole pipeline on it, and score it against its truth.json. */
export async function runScenario(name: keyof typeof SCENARIOS, seed: number) {
  const out = path.join(tempDir(), name);
  generate({ ...SCENARIOS[name], out, seed });
  const store = await memoryStore();
  await ingest(store, [out], { inventory: path.join(out, 'inventory.csv') });
  await detect(store);
  const doc = await incidentsDocument(store);
  return { doc, result: evaluate(doc.incidents, await readTruth(path.join(out, 'truth.json'))) };
}
