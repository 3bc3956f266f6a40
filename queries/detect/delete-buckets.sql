-- Drop the buckets about to be rebuilt (the temp table bucket_ranges). No parameters.
DELETE FROM region_buckets b
USING bucket_ranges r
WHERE b.region = r.region AND b.bucket_start >= r.from_ts AND b.bucket_start < r.to_ts
