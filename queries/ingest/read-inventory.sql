-- The inventory (--inventory FILE): a CSV whose header names `host` and `region` (any case; other
-- columns ignored), read by DuckDB's CSV reader (quoting, CRLF), each row with its line number
-- for errors. Parameter: $file.
SELECT
    row_number() OVER () + 1 AS line,
    trim(coalesce(host, '')) AS host,
    trim(coalesce(region, '')) AS region
FROM read_csv($file, header = true, all_varchar = true, normalize_names = true)
