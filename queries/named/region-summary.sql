-- Per-region totals over everything loaded: requests, 5xx share, p95 latency, clients, log and
-- error lines, first and last time of requests or log lines.
-- Parameters: $clients (optional): false leaves `clients` NULL, uncounted (counting the distinct
-- clients is most of this query's time on many requests; the report takes them from its activity).
WITH req AS (
    SELECT
        region,
        count(*) AS requests,
        count(*) FILTER (WHERE status >= 500) AS errors_5xx,
        quantile_cont(request_time_s, 0.95) AS p95_s,
        count(DISTINCT client_ip) FILTER (WHERE coalesce($clients::BOOLEAN, true)) AS clients,
        min(ts) AS first_ts,
        max(ts) AS last_ts
    FROM http_requests
    GROUP BY region
),
logs AS (
    SELECT region, count(*) AS log_lines, count(*) FILTER (WHERE level IN ('error', 'fatal')) AS error_lines,
           min(ts) AS first_ts, max(ts) AS last_ts
    FROM log_lines
    GROUP BY region
)
SELECT
    coalesce(req.region, logs.region) AS region,
    coalesce(requests, 0) AS requests,
    round(100.0 * coalesce(errors_5xx, 0) / nullif(requests, 0), 2) AS pct_5xx,
    round(p95_s * 1000, 1) AS p95_ms,
    CASE WHEN coalesce($clients::BOOLEAN, true) THEN coalesce(clients, 0) END AS clients,
    coalesce(log_lines, 0) AS log_lines,
    coalesce(error_lines, 0) AS error_lines,
    fl_iso(least(req.first_ts, logs.first_ts)) AS first_ts,
    fl_iso(greatest(req.last_ts, logs.last_ts)) AS last_ts
FROM req
FULL OUTER JOIN logs ON req.region = logs.region
ORDER BY region
