-- The files of a load whose new rows (load_spans, load-spans.sql) spread far enough to hold time
-- outliers: at least $min_rows rows with a time, over more than $margin_days. Only these are
-- looked at by find-time-outliers.sql. Parameters: $margin_days, $min_rows.
SELECT file_id
FROM load_spans
GROUP BY file_id
HAVING sum(rows) >= $min_rows AND epoch(max(to_ts)) - epoch(min(from_ts)) > $margin_days * 86400
