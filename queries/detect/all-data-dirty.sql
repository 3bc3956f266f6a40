-- Mark every region's whole span of data dirty (a full rebuild of region_buckets). No parameters.
INSERT INTO bucket_dirty (region, from_ts, to_ts)
SELECT region, min(t0), max(t1) FROM (
    SELECT region, min(ts) AS t0, max(ts) AS t1 FROM http_requests GROUP BY region
    UNION ALL SELECT region, min(ts), max(ts) FROM log_lines GROUP BY region
    UNION ALL SELECT region, min(ts), max(ts) FROM metric_samples GROUP BY region
    UNION ALL SELECT region, min(start_ts), max(start_ts) FROM flows WHERE start_ts IS NOT NULL GROUP BY region
)
GROUP BY region
