-- Per region, the report's overview series over the whole window, re-bucketed so each region has at
-- most about 400 points: requests/min, 5xx and 4xx share, p95 latency, packet loss, CPU, error
-- log lines/min, failed logins/min (the report shows those a region has).
-- Parameters: $regions (VARCHAR[]) and $start, $end (TIMESTAMPTZ) to restrict, or NULL for all.
WITH span AS (
    SELECT greatest(60, ceil(date_diff('second', min(bucket_start), max(bucket_start)) / 400.0 / 60) * 60)::INTEGER AS step
    FROM region_buckets
    WHERE bucket_start >= coalesce($start::TIMESTAMPTZ, '-infinity'::TIMESTAMPTZ)
      AND bucket_start < coalesce($end::TIMESTAMPTZ, 'infinity'::TIMESTAMPTZ)
)
SELECT
    region,
    fl_iso(fl_bucket(bucket_start, step)) AS t,
    sum(requests) / (step / 60) AS requests_per_min,
    100.0 * sum(s5xx) / nullif(sum(requests), 0) AS pct_5xx,
    100.0 * sum(s4xx) / nullif(sum(requests), 0) AS pct_4xx,
    max(p95_ms) AS p95_ms,
    avg(loss_pct) AS loss_pct,
    avg(cpu_busy_pct) AS cpu_busy_pct,
    sum(error_lines) / (step / 60) AS error_lines_per_min,
    sum(auth_failures) / (step / 60) AS failed_logins_per_min
FROM region_buckets, span
WHERE ($regions IS NULL OR list_contains($regions::VARCHAR[], region))
  AND bucket_start >= coalesce($start::TIMESTAMPTZ, '-infinity'::TIMESTAMPTZ)
  AND bucket_start < coalesce($end::TIMESTAMPTZ, 'infinity'::TIMESTAMPTZ)
GROUP BY region, t, step
ORDER BY region, t
