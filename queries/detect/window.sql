-- The time span the buckets cover. No parameters.
SELECT
    fl_iso(min(bucket_start)) AS start,
    fl_iso(max(bucket_start + to_seconds(bucket_seconds))) AS "end"
FROM region_buckets
