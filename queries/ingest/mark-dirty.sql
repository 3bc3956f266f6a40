-- Remember which regions and times a file's new rows touched, so `detect` rebuilds only those
-- buckets. Placeholders filled in by the ingest code (table, time column).
-- Parameters: $file_id, $first_line (the first line read in this run).
INSERT INTO bucket_dirty (region, from_ts, to_ts)
SELECT region, min({ts}), max({ts})
FROM {table}
WHERE file_id = $file_id AND line_no >= $first_line AND {ts} IS NOT NULL
GROUP BY region
