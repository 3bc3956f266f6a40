-- Who an incident hit: its requests, the failed ones (5xx and 429), and the distinct clients
-- that got a failed answer or one slower than $slow_ms.
-- Parameters: $regions (VARCHAR[]), $start, $end (TIMESTAMPTZ, end exclusive), $slow_ms.
SELECT
    count(*) AS requests,
    count(*) FILTER (WHERE fl_failed(status)) AS failed_requests,
    count(DISTINCT client_ip) FILTER (WHERE fl_failed(status) OR request_time_s * 1000 > $slow_ms) AS clients
FROM http_requests
WHERE list_contains($regions::VARCHAR[], region) AND ts >= $start AND ts < $end
