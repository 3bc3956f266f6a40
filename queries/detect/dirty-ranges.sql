-- Per region: the span ingest touched since the last refresh, and the buckets already built.
-- Parameters: $b (bucket seconds).
SELECT
    d.region,
    min(d.from_ts) AS from_ts,
    max(d.to_ts) AS to_ts,
    (SELECT min(bucket_start) FROM region_buckets rb WHERE rb.region = d.region AND rb.bucket_seconds = $b) AS first_bucket,
    (SELECT max(bucket_start) FROM region_buckets rb WHERE rb.region = d.region AND rb.bucket_seconds = $b) AS last_bucket
FROM bucket_dirty d
GROUP BY d.region
ORDER BY d.region
