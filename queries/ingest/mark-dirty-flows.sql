-- mark-dirty.sql for flow logs: all records of a file share its region (flow_origins), so the
-- time range comes from flow_records alone, without joining every record to its origin.
-- Parameters: $file_id, $first_line (the first line read in this run).
INSERT INTO bucket_dirty (region, from_ts, to_ts)
SELECT o.region, t.from_ts, t.to_ts
FROM (
    SELECT min(start_ts) AS from_ts, max(start_ts) AS to_ts
    FROM flow_records
    WHERE file_id = $file_id AND line_no >= $first_line AND start_ts IS NOT NULL
) t
JOIN flow_origins o ON o.file_id = $file_id
WHERE t.from_ts IS NOT NULL
