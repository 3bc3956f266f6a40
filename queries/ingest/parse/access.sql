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
        -- (No nullif() around a pattern: it names its argument twice, and the optimiser then reads the
        -- pattern for every line, before coalesce() would skip it; an empty match casts to NULL.)
        coalesce(try_cast(m.request_time AS DOUBLE), try_cast(regexp_extract(m.upstream, '(?:^|\s)(?:rt|request_time)="?(\d+(?:\.\d+)?)', 1) AS DOUBLE)) AS request_time_s,
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
            -- The usual "combined" line, split at its quotes, is read by four small patterns: the
            -- one pattern below costs 2.4x as much (with 12 groups RE2 runs it on its backtracker).
            -- Only lines whose parts have exactly the shape that pattern reads take this way;
            -- any other line (a backslash, "common", a quote elsewhere) is read by the pattern.
            CASE WHEN f_fast THEN struct_pack(
                client_ip := f_head.client_ip, remote_user := f_head.remote_user, ts := f_head.ts,
                method := f_request.method, path := f_request.path, protocol := f_request.protocol,
                status := f_status.status, bytes := f_status.bytes, referer := f_parts[4], user_agent := f_parts[6],
                request_time := f_tail.request_time, upstream := substr(f_rest, length(f_tail.lead) + 1))
            ELSE regexp_extract(
                line,
                '^(\S+) \S+ (\S+) \[([^\]]+)\] "(?:([A-Z]+) ([^"\s]+)(?: ([^"\s]+))?|(?:[^"\\]|\\.)*)" (\d{3}) (\d+|-)(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?(?:\s+(\d+(?:\.\d+)?|-))?(?:\s+(.+?))?\s*$',
                ['client_ip', 'remote_user', 'ts', 'method', 'path', 'protocol', 'status', 'bytes', 'referer',
                 'user_agent', 'request_time', 'upstream']
            ) END AS m
        FROM (
            SELECT
                *,
                regexp_extract(CASE WHEN f_fast THEN f_parts[2] END, '^([A-Z]+) ([^"\s]+)(?: ([^"\s]+))?$', ['method', 'path', 'protocol']) AS f_request,
                -- The tail: $request_time, then the rest as the upstream times (what the pattern reads
                -- there, up to white space at either end, which the columns below do not see).
                regexp_extract(CASE WHEN f_fast THEN f_rest END, '^(\s+(\d+(?:\.\d+)?|-))(?:\s|$)', ['lead', 'request_time']) AS f_tail
            FROM (
                SELECT
                    *,
                    len(f_parts) >= 7 AND f_head.client_ip <> '' AND f_status.status <> '' AND f_parts[5] = ' '
                        AND (f_rest = '' OR ascii(f_rest) IN (9, 10, 12, 13, 32)) AS f_fast  -- RE2's \s
                FROM (
                    SELECT
                        *,
                        -- ip ident user [time] "request" status bytes "referer" "user agent"rest
                        regexp_extract(f_parts[1], '^(\S+) \S+ (\S+) \[([^\]]+)\] $', ['client_ip', 'remote_user', 'ts']) AS f_head,
                        regexp_extract(f_parts[3], '^ (\d{3}) (\d+|-) $', ['status', 'bytes']) AS f_status,
                        CASE WHEN len(f_parts) = 7 THEN f_parts[7] ELSE array_to_string(f_parts[7:], '"') END AS f_rest
                    FROM (SELECT *, CASE WHEN NOT contains(line, '\') THEN string_split(line, '"') END AS f_parts FROM input)
                )
            )
        )
    )
)
