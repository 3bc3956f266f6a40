-- One region's buckets in time order, as the detectors read them (bucket_start as ISO text).
-- Parameters: $b (bucket seconds), $region.
SELECT * EXCLUDE (bucket_start), strftime(bucket_start, '%Y-%m-%dT%H:%M:%S.%gZ') AS bucket_start
FROM region_buckets
WHERE bucket_seconds = $b AND region = $region
ORDER BY bucket_start
