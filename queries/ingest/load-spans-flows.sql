-- load-spans.sql for flow logs: a flow record names no region; all records of a file share their
-- file's (flow_origins), so the spans are taken per file and given its region.
-- Placeholders {load_table}, {ts}. No parameters.
CREATE OR REPLACE TEMP TABLE load_spans AS
SELECT t.file_id, o.region, t.rows, t.from_ts, t.to_ts
FROM (
    SELECT x.file_id, count(*) AS rows, min(x.{ts}) AS from_ts, max(x.{ts}) AS to_ts
    FROM {load_table} x JOIN load_files f ON f.file_id = x.file_id AND x.line_no >= f.first_line
    WHERE x.{ts} IS NOT NULL
    GROUP BY x.file_id
) t
JOIN flow_origins o ON o.file_id = t.file_id
