-- Remember which regions and times a file's new rows touched, so `detect` rebuilds only those
-- buckets. Placeholders filled in by the ingest code (table, time column).
-- The rows just loaded: load_files (jsonl-changes.sql). Parameters: $min_file_id, $max_file_id, $min_line.
INSERT INTO bucket_dirty (region, from_ts, to_ts)
SELECT x.region, min(x.{ts}), max(x.{ts})
FROM {table} x
JOIN load_files f ON f.file_id = x.file_id
WHERE x.file_id BETWEEN $min_file_id AND $max_file_id AND x.line_no >= $min_line AND x.line_no >= f.first_line AND x.{ts} IS NOT NULL
GROUP BY x.region
