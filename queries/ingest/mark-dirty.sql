-- Remember which regions and times the rows just loaded touched (load_spans, load-spans.sql), so
-- `detect` rebuilds only those buckets. No parameters.
INSERT INTO bucket_dirty (region, from_ts, to_ts)
SELECT region, min(from_ts), max(to_ts)
FROM load_spans
GROUP BY region
