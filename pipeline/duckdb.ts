/**
 * The engine's JavaScript API: values come from here; types may still be imported from
 * '@duckdb/node-api' with `import type`.
 *
 * `@duckdb/node-api` is CommonJS spread over ~90 files. Imported from an ES module, Node would
 * first lex every one of them for its export names (cjs-module-lexer): 200–240 ms per process, and
 * every CLI command opens the engine. The build bundles this module with it into one file
 * (scripts/bundle.ts), loaded in 63–84 ms (`require` of the package: 110–183 ms).
 */
import * as api from '@duckdb/node-api';
import type * as Api from '@duckdb/node-api';

export const { BIGINT, BLOB, INTEGER, VARCHAR, DuckDBBlobValue, DuckDBDataChunk, DuckDBInstance, DuckDBTableFunction, listValue, timestampTZValue } = api;
export type DuckDBInstance = Api.DuckDBInstance;
export type DuckDBDataChunk = Api.DuckDBDataChunk;
export type DuckDBBlobValue = Api.DuckDBBlobValue;
export type DuckDBTableFunction = Api.DuckDBTableFunction;
