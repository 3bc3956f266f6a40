-- The rows just loaded (load_files, session.sql) with a time, per file and region: how many, and
-- the first and last time. One scan that the steps after a load share: which regions and times the
-- load touched (mark-dirty.sql), and which files span long enough to hold time outliers
-- (spread-files.sql). Into the temp table load_spans. Placeholders {load_table}, {ts}.
-- No parameters.
CREATE OR REPLACE TEMP TABLE load_spans AS
SELECT x.file_id, x.region, count(*) AS rows, min(x.{ts}) AS from_ts, max(x.{ts}) AS to_ts
FROM {load_table} x JOIN load_files f ON f.file_id = x.file_id AND x.line_no >= f.first_line
WHERE x.{ts} IS NOT NULL
GROUP BY ALL
