-- mark-dirty.sql for flow logs: all records of a file share its region (flow_origins), so the
-- time range comes from flow_records alone, without joining every record to its origin.
-- The rows just loaded: load_files (session.sql). No parameters.
INSERT INTO bucket_dirty (region, from_ts, to_ts)
SELECT o.region, min(t.from_ts), max(t.to_ts)
FROM (
    SELECT x.file_id, min(x.start_ts) AS from_ts, max(x.start_ts) AS to_ts
    FROM flow_records x JOIN load_files f ON f.file_id = x.file_id AND x.line_no >= f.first_line
    WHERE x.start_ts IS NOT NULL
    GROUP BY x.file_id
) t
JOIN flow_origins o ON o.file_id = t.file_id
GROUP BY o.region
