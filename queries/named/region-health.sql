-- Region health now: the last $minutes minutes (default 15) of each region's buckets against the hour before.
-- Parameters: $minutes (optional).
WITH last AS (SELECT region, max(bucket_start) AS t FROM region_buckets GROUP BY region)
SELECT
    b.region,
    sum(requests) FILTER (WHERE bucket_start > t - to_minutes(coalesce($minutes::INTEGER, 15))) AS requests,
    round(100.0 * sum(s5xx) FILTER (WHERE bucket_start > t - to_minutes(coalesce($minutes::INTEGER, 15)))
          / nullif(sum(requests) FILTER (WHERE bucket_start > t - to_minutes(coalesce($minutes::INTEGER, 15))), 0), 2) AS pct_5xx,
    round(100.0 * sum(s5xx) FILTER (WHERE bucket_start <= t - to_minutes(coalesce($minutes::INTEGER, 15)))
          / nullif(sum(requests) FILTER (WHERE bucket_start <= t - to_minutes(coalesce($minutes::INTEGER, 15))), 0), 2) AS pct_5xx_before,
    round(max(p95_ms) FILTER (WHERE bucket_start > t - to_minutes(coalesce($minutes::INTEGER, 15)))) AS worst_p95_ms,
    round(median(p95_ms) FILTER (WHERE bucket_start <= t - to_minutes(coalesce($minutes::INTEGER, 15)))) AS usual_p95_ms,
    round(avg(cpu_busy_pct) FILTER (WHERE bucket_start > t - to_minutes(coalesce($minutes::INTEGER, 15))), 1) AS cpu_busy_pct,
    round(avg(loss_pct) FILTER (WHERE bucket_start > t - to_minutes(coalesce($minutes::INTEGER, 15))), 2) AS loss_pct,
    (SELECT count(*) FROM incidents i WHERE list_contains(i.regions, b.region) AND i.end_ts > max(t) - to_minutes(coalesce($minutes::INTEGER, 15))) AS open_incidents
FROM region_buckets b JOIN last USING (region)
WHERE bucket_start > t - to_minutes(coalesce($minutes::INTEGER, 15)) - INTERVAL 1 HOUR
GROUP BY b.region
ORDER BY b.region
