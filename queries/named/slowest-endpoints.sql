-- Slowest endpoints (method and path without query string) by p95 latency, with volume and errors.
-- Parameters: $region, $since, $until (optional), $min_requests (default 20), $limit (default 20).
SELECT
    region,
    method,
    split_part(path, '?', 1) AS endpoint,
    count(*) AS requests,
    round(quantile_cont(request_time_s, 0.95) * 1000) AS p95_ms,
    round(quantile_cont(request_time_s, 0.5) * 1000) AS p50_ms,
    round(100.0 * count(*) FILTER (WHERE status >= 500) / count(*), 2) AS pct_5xx
FROM http_requests
WHERE ($region IS NULL OR region = $region)
  AND ts >= coalesce($since::TIMESTAMPTZ, '-infinity'::TIMESTAMPTZ)
  AND ts < coalesce($until::TIMESTAMPTZ, 'infinity'::TIMESTAMPTZ)
  AND request_time_s IS NOT NULL
GROUP BY ALL
HAVING count(*) >= coalesce($min_requests::INTEGER, 20)
ORDER BY p95_ms DESC, requests DESC
LIMIT coalesce($limit::INTEGER, 20)
