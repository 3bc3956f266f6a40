-- Remember which regions and times a file's new rows touched, so `detect` rebuilds only those
-- buckets. Placeholders filled in by the ingest code (table, time column).
-- The rows just loaded: load_files (session.sql). No parameters.
INSERT INTO bucket_dirty (region, from_ts, to_ts)
SELECT x.region, min(x.{ts}), max(x.{ts})
FROM {table} x JOIN load_files f ON f.file_id = x.file_id AND x.line_no >= f.first_line
WHERE x.{ts} IS NOT NULL
GROUP BY x.region
