-- The dimension values behind an incident's failures: for failed requests (5xx, 429, 401/403)
-- by path, status, host and client /24, and for error log lines by service, version and host —
-- each value's share of the failures during the incident against its share of the traffic (or
-- of the log lines) in the hour before. Top values by growth of share.
-- Parameters: $regions (VARCHAR[]), $start, $end, $before.
WITH
req AS (
    SELECT ts >= $start AS now, fl_failed(status) OR fl_denied(status) AS failed,
           path, status::VARCHAR AS status, host, regexp_extract(client_ip, '^(\d+\.\d+\.\d+)\.', 1) || '.0/24' AS client_net
    FROM http_requests
    WHERE list_contains($regions::VARCHAR[], region) AND ts >= $before AND ts < $end
),
req_dims AS (
    SELECT dimension, value, now, failed FROM req
    UNPIVOT (value FOR dimension IN (path, status, host, client_net))
),
logs AS (
    SELECT ts >= $start AS now, level IN ('error', 'fatal') AS failed,
           coalesce(service, '?') AS service, coalesce(version, '?') AS version, host
    FROM log_lines
    WHERE list_contains($regions::VARCHAR[], region) AND ts >= $before AND ts < $end AND source = 'jsonl'
),
log_dims AS (
    SELECT dimension, value, now, failed FROM logs
    UNPIVOT (value FOR dimension IN (service, version, host))
),
shares AS (
    SELECT
        dimension, value,
        count(*) FILTER (WHERE now AND failed) AS failures,
        count(*) FILTER (WHERE now AND failed) / nullif(sum(count(*) FILTER (WHERE now AND failed)) OVER (PARTITION BY dimension), 0) AS share_during,
        coalesce(count(*) FILTER (WHERE NOT now) / nullif(sum(count(*) FILTER (WHERE NOT now)) OVER (PARTITION BY dimension), 0), 0) AS share_before
    FROM (SELECT * FROM req_dims UNION ALL SELECT * FROM log_dims)
    GROUP BY dimension, value
)
SELECT dimension, value, share_during, share_before, failures
FROM shares
WHERE failures >= 5 AND share_during >= 0.3 AND share_during - share_before >= 0.15
ORDER BY share_during - share_before DESC, failures DESC
LIMIT 6
