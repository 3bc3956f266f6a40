-- One region's buckets in time order, as the detectors read them (bucket_start as ISO text).
-- Parameters: $b (bucket seconds), $region.
SELECT region, strftime(bucket_start, '%Y-%m-%dT%H:%M:%S.%gZ') AS bucket_start,
       requests, s5xx, s429, s503, s504, p95_ms, log_lines, error_lines, auth_failures,
       cpu_busy_pct, rtt_ms, loss_pct, net_drops, tcp_retransmits
FROM region_buckets
WHERE bucket_seconds = $b AND region = $region
ORDER BY bucket_start
