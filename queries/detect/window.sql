-- The time span the buckets cover. No parameters.
SELECT
    strftime(min(bucket_start), '%Y-%m-%dT%H:%M:%SZ') AS start,
    strftime(max(bucket_start + to_seconds(bucket_seconds)), '%Y-%m-%dT%H:%M:%SZ') AS "end"
FROM region_buckets
