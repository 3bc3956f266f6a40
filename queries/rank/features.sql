-- The measured facts of one incident, now (its window) against usual (the hour before its
-- start), in its regions: traffic volume and concentration, statuses, latency, host and network
-- signals, rejected flows, failed logins, error lines (naming the database or not, services
-- failing, new templates), and the change events around its onset.
-- Parameters: $regions (VARCHAR[]), $start, $end, $before (TIMESTAMPTZ; $before = $start - 1 h).
WITH
req AS (
    SELECT ts >= $start AS now, client_ip, status, path, request_time_s,
           regexp_extract(client_ip, '^(\d+\.\d+\.\d+)\.', 1) AS net
    FROM http_requests
    WHERE list_contains($regions::VARCHAR[], region) AND ts >= $before AND ts < $end
),
req_sum AS (
    SELECT
        count(*) FILTER (WHERE now) AS req_now,
        count(*) FILTER (WHERE NOT now) AS req_before,
        count(DISTINCT client_ip) FILTER (WHERE now) AS clients_now,
        count(DISTINCT client_ip) FILTER (WHERE NOT now) AS clients_before,
        count(*) FILTER (WHERE now AND status >= 500) AS s5xx_now,
        count(*) FILTER (WHERE NOT now AND status >= 500) AS s5xx_before,
        count(*) FILTER (WHERE now AND fl_denied(status)) AS s401_now,
        count(*) FILTER (WHERE NOT now AND fl_denied(status)) AS s401_before,
        count(*) FILTER (WHERE now AND status = 429) AS s429_now,
        count(*) FILTER (WHERE NOT now AND status = 429) AS s429_before,
        count(*) FILTER (WHERE now AND status = 503) AS s503_now,
        count(*) FILTER (WHERE now AND status = 504) AS s504_now,
        count(*) FILTER (WHERE NOT now AND status = 504) AS s504_before,
        quantile_cont(request_time_s, 0.95) FILTER (WHERE now) * 1000 AS p95_now,
        quantile_cont(request_time_s, 0.95) FILTER (WHERE NOT now) * 1000 AS p95_before
    FROM req
),
top_clients AS (
    SELECT now, sum(n) AS top5 FROM (
        SELECT now, client_ip, count(*) AS n, row_number() OVER (PARTITION BY now ORDER BY count(*) DESC, client_ip) AS rk
        FROM req GROUP BY now, client_ip
    ) WHERE rk <= 5 GROUP BY now
),
top_nets AS (
    SELECT now, max(n) AS top_net, arg_max(net, n) AS net FROM (SELECT now, net, count(*) AS n FROM req GROUP BY ALL) GROUP BY now
),
top_paths AS (
    SELECT now, max(n) AS top_path, arg_max(path, n) AS path FROM (SELECT now, path, count(*) AS n FROM req GROUP BY ALL) GROUP BY now
),
top5_list AS (
    SELECT list(client_ip ORDER BY n DESC, client_ip) AS ips FROM (
        SELECT client_ip, count(*) AS n FROM req WHERE now GROUP BY ALL ORDER BY n DESC, client_ip LIMIT 5
    )
),
buckets AS (
    SELECT
        avg(cpu_busy_pct) FILTER (WHERE bucket_start >= $start) AS cpu_now,
        avg(cpu_busy_pct) FILTER (WHERE bucket_start < $start) AS cpu_before,
        avg(loss_pct) FILTER (WHERE bucket_start >= $start) AS loss_now,
        avg(loss_pct) FILTER (WHERE bucket_start < $start) AS loss_before,
        avg(rtt_ms) FILTER (WHERE bucket_start >= $start) AS rtt_now,
        avg(rtt_ms) FILTER (WHERE bucket_start < $start) AS rtt_before,
        sum(tcp_retransmits) FILTER (WHERE bucket_start >= $start) AS retrans_now,
        sum(tcp_retransmits) FILTER (WHERE bucket_start < $start) AS retrans_before,
        sum(net_drops) FILTER (WHERE bucket_start >= $start) AS drops_now,
        sum(net_drops) FILTER (WHERE bucket_start < $start) AS drops_before,
        sum(rejected_flows) FILTER (WHERE bucket_start >= $start) AS rejected_now,
        sum(rejected_flows) FILTER (WHERE bucket_start < $start) AS rejected_before,
        sum(auth_failures) FILTER (WHERE bucket_start >= $start) AS auth_fail_now,
        sum(auth_failures) FILTER (WHERE bucket_start < $start) AS auth_fail_before
    FROM region_buckets
    WHERE list_contains($regions::VARCHAR[], region) AND bucket_start >= $before AND bucket_start < $end
),
auth_top AS (
    -- Failed logins by source: the top 5's share, how many sources, the top 3 with their counts.
    SELECT sum(n) FILTER (WHERE rk <= 5) AS top5_auth, sum(n) AS all_auth, count(*) AS auth_sources,
           list(coalesce(source_ip, '?') || ' (' || n || ')' ORDER BY rk) FILTER (WHERE rk <= 3) AS auth_top_sources
    FROM (
        SELECT source_ip, count(*) AS n, row_number() OVER (ORDER BY count(*) DESC, source_ip) AS rk
        FROM auth_events
        WHERE list_contains($regions::VARCHAR[], region) AND outcome <> 'success' AND ts >= $start AND ts < $end
        GROUP BY source_ip
    )
),
auth_users AS (
    -- The user names tried most often, and how many distinct ones.
    SELECT count(*) AS auth_user_count, list(user_name ORDER BY n DESC, user_name) FILTER (WHERE rk <= 5) AS auth_top_users
    FROM (
        SELECT user_name, count(*) AS n, row_number() OVER (ORDER BY count(*) DESC, user_name) AS rk
        FROM auth_events
        WHERE list_contains($regions::VARCHAR[], region) AND outcome <> 'success' AND ts >= $start AND ts < $end
          AND user_name IS NOT NULL
        GROUP BY user_name
    )
),
errs AS (
    SELECT ts >= $start AS now, service, version, template_id, message,
           regexp_matches(message, '(?i)(database|\bdb[-_.]|postgres|mysql|mariadb|mongo|redis|connection pool|pool exhausted|deadlock|query failed|statement timeout|too many connections|\bsql\b)') AS names_db
    FROM log_lines
    WHERE list_contains($regions::VARCHAR[], region) AND ts >= $before AND ts < $end AND level IN ('error', 'fatal')
),
err_sum AS (
    SELECT
        count(*) FILTER (WHERE now) AS err_now,
        count(*) FILTER (WHERE NOT now) AS err_before,
        count(*) FILTER (WHERE now AND names_db) AS db_err_now,
        count(*) FILTER (WHERE NOT now AND names_db) AS db_err_before,
        count(DISTINCT service) FILTER (WHERE now AND names_db) AS db_services_now,
        count(DISTINCT service) FILTER (WHERE now) AS err_services_now
    FROM errs
),
db_name AS (
    SELECT arg_max(name, n) AS db_name FROM (
        SELECT regexp_extract(message, '(?i)\b((?:db|database|postgres|pg|mysql|redis|mongo)[\w.-]*\d[\w.-]*|[\w.-]*(?:-db|-postgres|-mysql|-redis)\b[\w.-]*)', 1) AS name, count(*) AS n
        FROM errs WHERE now AND names_db GROUP BY 1 HAVING name <> ''
    )
),
err_conc AS (
    SELECT max(n) AS top_sv, arg_max(sv, n) AS sv FROM (
        SELECT coalesce(service, '?') || ' ' || coalesce(version, '?') AS sv, count(*) AS n FROM errs WHERE now GROUP BY 1
    )
),
new_templates AS (
    SELECT count(DISTINCT e.template_id) AS new_templates, count(*) AS new_template_lines,
           arg_max(t.pattern, t.lines) AS new_pattern
    FROM errs e JOIN templates t USING (template_id)
    WHERE e.now AND t.first_seen >= $start::TIMESTAMPTZ - INTERVAL 5 MINUTE
),
change_before AS (
    SELECT kind, service, version, ts AS change_ts
    FROM changes
    WHERE list_contains($regions::VARCHAR[], region) AND kind <> 'rollback'
      AND ts >= $start::TIMESTAMPTZ - INTERVAL 20 MINUTE AND ts <= $start::TIMESTAMPTZ + INTERVAL 3 MINUTE
    ORDER BY ts DESC
    LIMIT 1
),
rollback AS (
    SELECT service AS rollback_service, version AS rollback_version, ts AS rollback_ts
    FROM changes
    WHERE list_contains($regions::VARCHAR[], region) AND kind = 'rollback'
      AND ts >= $start AND ts <= $end::TIMESTAMPTZ + INTERVAL 10 MINUTE
    ORDER BY ts
    LIMIT 1
)
SELECT
    -- Minutes of data in the hour before (less when the data starts later).
    date_diff('second', greatest($before::TIMESTAMPTZ, (SELECT min(bucket_start) FROM region_buckets
                                                         WHERE list_contains($regions::VARCHAR[], region))), $start::TIMESTAMPTZ) / 60.0 AS minutes_before,
    req_sum.*,
    (SELECT top5 FROM top_clients WHERE now) AS top5_now,
    (SELECT top5 FROM top_clients WHERE NOT now) AS top5_before,
    (SELECT top_net FROM top_nets WHERE now) AS top_net_now,
    (SELECT net FROM top_nets WHERE now) AS top_net,
    (SELECT top_path FROM top_paths WHERE now) AS top_path_now,
    (SELECT path FROM top_paths WHERE now) AS top_path,
    (SELECT top_path FROM top_paths WHERE NOT now) AS top_path_before_n,
    (SELECT path FROM top_paths WHERE NOT now) AS top_path_before,
    (SELECT ips FROM top5_list) AS top5_ips,
    buckets.*,
    auth_top.*,
    auth_users.*,
    err_sum.*,
    (SELECT db_name FROM db_name) AS db_name,
    err_conc.*,
    new_templates.*,
    (SELECT kind FROM change_before) AS change_kind,
    (SELECT service FROM change_before) AS change_service,
    (SELECT version FROM change_before) AS change_version,
    (SELECT fl_iso(change_ts) FROM change_before) AS change_ts,
    (SELECT rollback_service FROM rollback) AS rollback_service,
    (SELECT rollback_version FROM rollback) AS rollback_version,
    (SELECT fl_iso(rollback_ts) FROM rollback) AS rollback_ts
FROM req_sum, buckets, auth_top, auth_users, err_sum, err_conc, new_templates
