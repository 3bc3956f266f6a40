-- Rebuild region_buckets rows for the regions and time ranges in the temp table bucket_ranges
-- (region, from_ts, to_ts; bucket-aligned, to exclusive), all regions in one pass over each
-- source table: requests by status class, latency quantiles, clients, bytes, log and error
-- lines, CPU/memory/RTT/loss (means), drops, errors and retransmits (counter increases, resets
-- counted from zero), flows and rejected flows, failed logins, change events.
-- Only buckets with data get a row, plus the empty buckets of a silence no longer than
-- $fill_seconds between two of them (zero-filled: a region that went quiet for a few minutes shows
-- as 0 requests). A longer gap stays a gap, so the cost follows the data, never the time span.
-- Parameters: $bucket_seconds, $fill_seconds.
INSERT INTO region_buckets
WITH req AS (
    SELECT
        t.region,
        fl_bucket(ts, $bucket_seconds) AS bucket,
        count(*) AS requests,
        count(*) FILTER (WHERE status < 400) AS s2xx,
        count(*) FILTER (WHERE status BETWEEN 400 AND 499) AS s4xx,
        count(*) FILTER (WHERE status >= 500) AS s5xx,
        count(*) FILTER (WHERE status = 429) AS s429,
        count(*) FILTER (WHERE status = 503) AS s503,
        count(*) FILTER (WHERE status = 504) AS s504,
        quantile_cont(request_time_s * 1000, [0.5, 0.95, 0.99]) AS q,
        count(DISTINCT client_ip) AS clients,
        coalesce(sum(bytes), 0) AS bytes
    FROM http_requests t
    JOIN bucket_ranges r ON t.region = r.region AND t.ts >= r.from_ts AND t.ts < r.to_ts
    GROUP BY ALL
),
logs AS (
    SELECT
        t.region,
        fl_bucket(ts, $bucket_seconds) AS bucket,
        count(*) AS log_lines,
        count(*) FILTER (WHERE level IN ('error', 'fatal')) AS error_lines
    FROM log_lines t
    JOIN bucket_ranges r ON t.region = r.region AND t.ts >= r.from_ts AND t.ts < r.to_ts
    GROUP BY ALL
),
gauges AS (
    SELECT
        t.region,
        fl_bucket(ts, $bucket_seconds) AS bucket,
        avg(value) FILTER (WHERE signal = 'cpu_busy_pct') AS cpu_busy_pct,
        avg(value) FILTER (WHERE signal = 'mem_used_pct') AS mem_used_pct,
        avg(value) FILTER (WHERE signal = 'rtt_ms') AS rtt_ms,
        avg(value) FILTER (WHERE signal = 'loss_pct') AS loss_pct
    FROM v_signals t
    JOIN bucket_ranges r ON t.region = r.region AND t.ts >= r.from_ts AND t.ts < r.to_ts
    WHERE kind = 'gauge'
    GROUP BY ALL
),
counter_steps AS (
    -- Increase since the previous sample of the same series; a drop means the counter reset.
    SELECT
        region,
        ts,
        from_ts,
        signal,
        CASE WHEN value >= lag(value) OVER w THEN value - lag(value) OVER w ELSE value END AS increase,
        lag(value) OVER w IS NULL AS first_sample
    FROM (
        SELECT s.region, r.from_ts, s.ts, s.host, s.measurement, s.field, s.tags, s.value, v.signal
        FROM metric_samples s
        JOIN (SELECT DISTINCT measurement, field, signal FROM (VALUES
                ('net', 'drop_in', 'net_drops'), ('net', 'drop_out', 'net_drops'),
                ('net', 'err_in', 'net_errors'), ('net', 'err_out', 'net_errors'),
                ('net', 'tcp_retranssegs', 'tcp_retransmits'), ('nstat', 'TcpRetransSegs', 'tcp_retransmits'))
              AS m(measurement, field, signal)) v
          ON s.measurement = v.measurement AND s.field = v.field
        -- Ten minutes of look-back, so the first bucket has its increase too.
        JOIN bucket_ranges r ON s.region = r.region AND s.ts >= r.from_ts - INTERVAL 10 MINUTE AND s.ts < r.to_ts
    )
    WINDOW w AS (PARTITION BY region, host, measurement, field, tags ORDER BY ts)
),
counters AS (
    SELECT
        region,
        fl_bucket(ts, $bucket_seconds) AS bucket,
        sum(increase) FILTER (WHERE signal = 'net_drops') AS net_drops,
        sum(increase) FILTER (WHERE signal = 'net_errors') AS net_errors,
        sum(increase) FILTER (WHERE signal = 'tcp_retransmits') AS tcp_retransmits
    FROM counter_steps
    WHERE ts >= from_ts AND NOT first_sample
    GROUP BY ALL
),
fl AS (
    SELECT
        t.region,
        fl_bucket(start_ts, $bucket_seconds) AS bucket,
        count(*) FILTER (WHERE log_status = 'OK') AS flows,
        count(*) FILTER (WHERE action = 'REJECT') AS rejected_flows
    FROM flows t
    JOIN bucket_ranges r ON t.region = r.region AND t.start_ts >= r.from_ts AND t.start_ts < r.to_ts
    GROUP BY ALL
),
auth AS (
    SELECT t.region, fl_bucket(ts, $bucket_seconds) AS bucket, count(*) AS auth_failures
    FROM auth_events t
    JOIN bucket_ranges r ON t.region = r.region AND t.ts >= r.from_ts AND t.ts < r.to_ts
    WHERE outcome <> 'success'
    GROUP BY ALL
),
ch AS (
    SELECT t.region, fl_bucket(ts, $bucket_seconds) AS bucket, count(*) AS changes
    FROM changes t
    JOIN bucket_ranges r ON t.region = r.region AND t.ts >= r.from_ts AND t.ts < r.to_ts
    GROUP BY ALL
),
present AS (
    SELECT region, bucket FROM req
    UNION SELECT region, bucket FROM logs
    UNION SELECT region, bucket FROM gauges
    UNION SELECT region, bucket FROM counters
    UNION SELECT region, bucket FROM fl
    UNION SELECT region, bucket FROM auth
    UNION SELECT region, bucket FROM ch
),
grid AS (
    SELECT region, unnest(CASE
        WHEN next_bucket - bucket <= to_seconds($fill_seconds + $bucket_seconds)
        THEN generate_series(bucket, next_bucket - to_seconds($bucket_seconds), to_seconds($bucket_seconds))
        ELSE [bucket] END) AS bucket
    FROM (SELECT region, bucket, lead(bucket) OVER (PARTITION BY region ORDER BY bucket) AS next_bucket FROM present)
)
SELECT
    grid.region,
    grid.bucket AS bucket_start,
    $bucket_seconds AS bucket_seconds,
    coalesce(requests, 0), coalesce(s2xx, 0), coalesce(s4xx, 0), coalesce(s5xx, 0),
    coalesce(s429, 0), coalesce(s503, 0), coalesce(s504, 0),
    q[1], q[2], q[3],
    coalesce(clients, 0), coalesce(bytes, 0),
    coalesce(log_lines, 0), coalesce(error_lines, 0),
    cpu_busy_pct, mem_used_pct, rtt_ms, loss_pct,
    net_drops, net_errors, tcp_retransmits,
    coalesce(flows, 0), coalesce(rejected_flows, 0), coalesce(auth_failures, 0), coalesce(changes, 0)
FROM grid
LEFT JOIN req USING (region, bucket)
LEFT JOIN logs USING (region, bucket)
LEFT JOIN gauges USING (region, bucket)
LEFT JOIN counters USING (region, bucket)
LEFT JOIN fl USING (region, bucket)
LEFT JOIN auth USING (region, bucket)
LEFT JOIN ch USING (region, bucket)
