/**
 * Vega and Vega-Lite's compiler, as the report's one way in to them. `npm run build` replaces this
 * module's output with a single bundled file (scripts/bundle.ts): Node loads Vega's ~200 ES
 * modules in 0.3–0.5 s of the one JS thread, the bundle in about 0.1 s. Tests read this source,
 * so they run the packages themselves.
 */
export * as vega from 'vega';
export { compile, type TopLevelSpec } from 'vega-lite';
