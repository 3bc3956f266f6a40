-- Benchmark world for `npm run bench` (detect): 8 regions × 3 hosts over $days days from
-- 2026-11-01, about $per_minute requests a minute per region with a diurnal swing, a 5xx spike
-- (10:00–10:15) and a latency surge with high CPU (15:00–15:20) each day in one region, error
-- log lines, and CPU / ping metrics every 15 s per host. Parameters: $days, $per_minute.
INSERT INTO http_requests (ts, region, host, service, client_ip, method, path, protocol, status, bytes,
                           user_agent, request_time_s, file_id, line_no)
SELECT
    ts, region, 'web-' || (i % 3), 'shop', '10.' || (i % 200) || '.' || (i % 97) || '.' || (i % 251), 'GET', '/p',
    'HTTP/1.1',
    CASE WHEN day_region = region_no AND minute_of_day BETWEEN 600 AND 614 AND hash(i) % 4 = 0 THEN 500
         WHEN hash(i) % 400 = 0 THEN 500 ELSE 200 END,
    1000,
    'bench',
    CASE WHEN (day_region + 3) % 8 = region_no AND minute_of_day BETWEEN 900 AND 919 THEN 2.5 ELSE 0.05 END
        * (1 + (hash(i * 7) % 100) / 100.0),
    0, i
FROM (
    SELECT
        i,
        region_no,
        'region-' || region_no AS region,
        TIMESTAMPTZ '2026-11-01 00:00:00+00' + to_seconds(t) AS ts,
        (t // 60) % 1440 AS minute_of_day,
        (t // 86400) % 8 AS day_region
    FROM (
        SELECT
            i,
            i % 8 AS region_no,
            -- Spread requests over the days, denser by day than by night.
            ((i // 8) * 60.0 / $per_minute)::BIGINT AS t0,
            t0 + (3600 * 3 * sin(2 * pi() * ((t0 % 86400) / 86400.0)))::BIGINT AS t
        FROM range(($days * 1440 * $per_minute * 8)::BIGINT) r(i)
    )
    WHERE t >= 0 AND t < $days * 86400
);

INSERT INTO log_lines (ts, region, host, service, source, level, message, file_id, line_no)
SELECT ts, region, host, 'shop', 'jsonl', 'error', 'request failed with status 500', 0, 0
FROM http_requests WHERE status >= 500;

INSERT INTO metric_samples (ts, region, host, measurement, field, value, tags, file_id, line_no)
SELECT
    TIMESTAMPTZ '2026-11-01 00:00:00+00' + to_seconds(s * 15) AS ts,
    'region-' || r, 'web-' || h, m.measurement, m.field,
    CASE
        WHEN m.field = 'usage_idle' AND ((s * 15) // 86400) % 8 = (r + 5) % 8 AND ((s * 15) // 60) % 1440 BETWEEN 900 AND 919 THEN 5
        WHEN m.field = 'usage_idle' THEN 70 + (hash(s, r, h) % 10)
        ELSE 12 + (hash(s, r, h) % 3)
    END,
    MAP {'host': 'web-' || h},
    0, 0
FROM range(($days * 86400 // 15)::BIGINT) a(s), range(8) b(r), range(3) c(h),
     (VALUES ('cpu', 'usage_idle'), ('ping', 'average_response_ms')) m(measurement, field);
