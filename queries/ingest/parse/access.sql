-- Parse one batch of nginx/Apache access-log lines ("combined" or "common", with optional
-- trailing $request_time and $upstream_response_time, bare or named rt=/request_time= and
-- urt=/upstream_response_time=; the time as nginx's $time_iso8601 too) into http_requests columns, plus
-- `reason`/`raw` for lines that do not parse (they go to rejects). An access line names no
-- region or host: they come from the path, the inventory or --region, once per file
-- (load-files.sql). Reads `input(line_no, line, file_id, file_region, file_host, path_service, ...)`,
-- supplied by the caller (the lines with what is known of their file). No parameters.
SELECT
    ts,
    file_region AS region,
    file_host AS host,
    path_service AS service,
    client_ip,
    remote_user,
    method,
    path,
    protocol,
    status,
    bytes,
    referer,
    user_agent,
    request_time_s,
    upstream_time_s,
    file_id,
    line_no,
    CASE
        WHEN client_ip = '' THEN 'not an access-log line (nginx/Apache combined or common format)'
        WHEN ts IS NULL THEN 'unreadable time [' || m.ts || ']'
    END AS reason,
    reject_raw(reason, line) AS raw
FROM (
    SELECT
        *,
        m.client_ip AS client_ip,
        nullif(m.remote_user, '-') AS remote_user,
        -- [24/Nov/2026:07:00:00 +0000], or nginx's $time_iso8601 [2026-11-24T07:00:00+00:00].
        coalesce(try_strptime(m.ts, '%d/%b/%Y:%H:%M:%S %z'), try_cast(m.ts AS TIMESTAMPTZ)) AS ts,
        nullif(m.method, '') AS method,
        nullif(m.path, '') AS path,
        nullif(m.protocol, '') AS protocol,
        try_cast(m.status AS SMALLINT) AS status,
        try_cast(m.bytes AS BIGINT) AS bytes,
        nullif(nullif(m.referer, '-'), '') AS referer,
        nullif(nullif(m.user_agent, '-'), '') AS user_agent,
        coalesce(try_cast(m.request_time AS DOUBLE), try_cast(nullif(regexp_extract(m.upstream, '(?:^|\s)(?:rt|request_time)="?(\d+(?:\.\d+)?)', 1), '') AS DOUBLE)) AS request_time_s,
        -- "0.012", or one time per upstream tried: "0.5, 0.012" / "0.5 : 0.012"; "-" when none;
        -- or named: urt="0.049" / upstream_response_time=0.049.
        CASE WHEN m.upstream = '' THEN NULL ELSE coalesce(try_cast(m.upstream AS DOUBLE),
            list_sum(list_transform(regexp_split_to_array(trim(
                CASE WHEN contains(m.upstream, '=') THEN regexp_extract(m.upstream, '(?:^|\s)(?:urt|upstream_response_time)="?([0-9.,: ]*[0-9])', 1) ELSE m.upstream END
            ), '[,:\s]+'), x -> try_cast(x AS DOUBLE))))
        END AS upstream_time_s
    FROM (
        SELECT
            *,
            regexp_extract(
                line,
                '^(\S+) \S+ (\S+) \[([^\]]+)\] "(?:([A-Z]+) ([^"\s]+)(?: ([^"\s]+))?|(?:[^"\\]|\\.)*)" (\d{3}) (\d+|-)(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?(?:\s+(\d+(?:\.\d+)?|-))?(?:\s+(.+?))?\s*$',
                ['client_ip', 'remote_user', 'ts', 'method', 'path', 'protocol', 'status', 'bytes', 'referer',
                 'user_agent', 'request_time', 'upstream']
            ) AS m
        FROM input
    )
)
