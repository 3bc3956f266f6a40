-- `--force`: forget what a file loaded before, inside the transaction that reloads it. The span
-- its rows covered is marked dirty first (their buckets are rebuilt), then its rows, rejects and
-- manifest row are deleted. Parameters: $file_id.
INSERT INTO bucket_dirty (region, from_ts, to_ts)
SELECT region, min(t), max(t) FROM (
    SELECT region, ts AS t FROM http_requests WHERE file_id = $file_id
    UNION ALL SELECT region, ts FROM log_lines WHERE file_id = $file_id
    UNION ALL SELECT region, ts FROM metric_samples WHERE file_id = $file_id
    UNION ALL SELECT region, start_ts FROM flows WHERE file_id = $file_id AND start_ts IS NOT NULL
)
GROUP BY region;
DELETE FROM http_requests WHERE file_id = $file_id;
DELETE FROM log_lines WHERE file_id = $file_id;
DELETE FROM metric_samples WHERE file_id = $file_id;
DELETE FROM flow_records WHERE file_id = $file_id;
DELETE FROM flow_origins WHERE file_id = $file_id;
DELETE FROM auth_events WHERE file_id = $file_id;
DELETE FROM changes WHERE file_id = $file_id;
DELETE FROM rejects WHERE file_id = $file_id;
DELETE FROM ingested_files WHERE file_id = $file_id;
