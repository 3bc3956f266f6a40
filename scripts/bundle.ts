/**
 * The build's last step (`npm run build`): bundle two compiled modules in place, so a process loads
 * one file for each instead of many (BENCHMARKS.md):
 * - dist/pipeline/report/vega-lib.js: Vega and Vega-Lite's ~200 ES modules, 0.3–0.5 s of the JS
 *   thread → about 0.1 s;
 * - dist/pipeline/duckdb.js: the engine's JavaScript API (`@duckdb/node-api`, ~90 CommonJS files),
 *   which every command loads before it can open the database. Its native part
 *   (`@duckdb/node-bindings`) stays outside, loaded with `require` from node_modules.
 */
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pipeline = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'pipeline');
// A CommonJS module bundled into an ES module still calls `require` (for the native part).
const requireBanner = "import { createRequire as faultlineCreateRequire } from 'node:module'; const require = faultlineCreateRequire(import.meta.url);";

for (const [file, external, banner] of [
  ['report/vega-lib.js', [], ''],
  ['duckdb.js', ['@duckdb/node-bindings'], requireBanner],
] as const) {
  const target = path.join(pipeline, file);
  const temp = `${target}.bundle.tmp`;
  await build({
    entryPoints: [target], outfile: temp, bundle: true, format: 'esm', platform: 'node', target: 'node20',
    external: [...external], banner: { js: banner }, logLevel: 'warning',
  });
  renameSync(temp, target);
  // tsc's source map describes the lines it compiled, not the bundle.
  rmSync(`${target}.map`, { force: true });
}
