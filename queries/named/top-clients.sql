-- Top clients by requests, with their failures, denials and distinct paths.
-- Parameters: $region, $since, $until (optional), $limit (default 20).
SELECT
    client_ip,
    count(*) AS requests,
    count(*) FILTER (WHERE status >= 500) AS errors_5xx,
    count(*) FILTER (WHERE status IN (401, 403, 429)) AS denied,
    count(DISTINCT path) AS paths,
    string_agg(DISTINCT region, ',' ORDER BY region) AS regions,
    fl_iso(min(ts)) AS first_seen,
    fl_iso(max(ts)) AS last_seen
FROM http_requests
WHERE ($region IS NULL OR region = $region)
  AND ts >= coalesce($since::TIMESTAMPTZ, '-infinity'::TIMESTAMPTZ)
  AND ts < coalesce($until::TIMESTAMPTZ, 'infinity'::TIMESTAMPTZ)
GROUP BY client_ip
ORDER BY requests DESC, client_ip
LIMIT coalesce($limit::INTEGER, 20)
