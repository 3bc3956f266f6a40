/**
 * The DuckDB engine's JavaScript API, loaded with `require`.
 *
 * `@duckdb/node-api` is CommonJS spread over ~90 files. Imported from an ES module, Node first
 * lexes every one of them for its export names (cjs-module-lexer); loaded with `require` it does
 * not. Measured: 200–240 ms → 95–125 ms per process, and every CLI command opens the engine.
 * Values come from here; types may still be imported from '@duckdb/node-api' with `import type`.
 */
import { createRequire } from 'node:module';
import type * as Api from '@duckdb/node-api';

const api = createRequire(import.meta.url)('@duckdb/node-api') as typeof Api;

export const { BIGINT, BLOB, INTEGER, VARCHAR, DuckDBBlobValue, DuckDBDataChunk, DuckDBInstance, DuckDBTableFunction, listValue, timestampTZValue } = api;
export type DuckDBInstance = Api.DuckDBInstance;
export type DuckDBDataChunk = Api.DuckDBDataChunk;
export type DuckDBBlobValue = Api.DuckDBBlobValue;
export type DuckDBTableFunction = Api.DuckDBTableFunction;
