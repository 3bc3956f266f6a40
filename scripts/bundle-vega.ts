/**
 * The build's last step (`npm run build`): bundle Vega and Vega-Lite into the compiled
 * dist/pipeline/report/vega-lib.js, in place, so the report loads one file instead of Vega's ~200
 * ES modules (0.3–0.5 s of the JS thread → about 0.1 s, BENCHMARKS.md).
 */
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const target = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'pipeline', 'report', 'vega-lib.js');
const temp = `${target}.bundle.tmp`;
await build({ entryPoints: [target], outfile: temp, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
renameSync(temp, target);
// tsc's source map describes the two lines it compiled, not the bundle.
rmSync(`${target}.map`, { force: true });
