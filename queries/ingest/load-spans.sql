-- The rows just loaded (load_files, session.sql) with a time, per file and region: how many, and
-- the first and last time. One scan that the steps after a load share: which regions and times the
-- load touched (mark-dirty.sql), and which files span long enough to hold time outliers
-- (`spread`: at least $min_rows rows over more than $margin_days; find-time-outliers.sql looks at
-- no other file). Into the temp table load_spans. Placeholders {load_table}, {ts}.
-- Parameters: $margin_days, $min_rows.
CREATE OR REPLACE TEMP TABLE load_spans AS
SELECT
    *,
    sum(rows) OVER file >= $min_rows AND epoch(max(to_ts) OVER file) - epoch(min(from_ts) OVER file) > $margin_days * 86400 AS spread
FROM (
    SELECT x.file_id, x.region, count(*) AS rows, min(x.{ts}) AS from_ts, max(x.{ts}) AS to_ts
    FROM {load_table} x JOIN load_files f ON f.file_id = x.file_id AND x.line_no >= f.first_line
    WHERE x.{ts} IS NOT NULL
    GROUP BY ALL
)
WINDOW file AS (PARTITION BY file_id)
