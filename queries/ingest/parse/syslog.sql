-- Parse syslog into log_lines columns: RFC 5424 (`<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`,
-- structured data kept in attrs) and RFC 3164 (`[<PRI>]Mmm dd hh:mm:ss HOST PROG[PID]: MSG`),
-- also with an RFC 3339 time in place of `Mmm dd hh:mm:ss` (rsyslog's high-precision file
-- format: `2026-11-24T07:00:00.123456+00:00 HOST PROG[PID]: MSG`; its own zone and year).
-- RFC 3164 has no year and no zone: times are UTC, and the year comes from year_base: with
-- --year, lines whose month is before the file's first month (year_pivot) roll over to the next
-- year (year_forward); else (the mtime's year) a line that would lie after year_latest (the
-- file's mtime plus a day of slack) belongs to the year before. Level from the PRI severity when there is one, else by keywords
-- (fl_keyword_level).
-- Reads `input(line_no, line, file_id, path_region, path_host, path_service, year_*, ...)` (the
-- lines with their file's columns of load_files). Parameters: $cli_region.
SELECT
    ts,
    resolve_region(NULL, p.path_region, inv.region, $cli_region) AS region,
    p.host,
    coalesce(nullif(program, '-'), p.path_service) AS service,
    'syslog' AS source,
    coalesce(severity_level(pri % 8), fl_keyword_level(message)) AS level,
    message,
    NULL::SMALLINT AS status,
    NULL::DOUBLE AS latency_ms,
    NULL::VARCHAR AS event,
    NULL::VARCHAR AS version,
    pid,
    attrs,
    p.file_id,
    line_no,
    reason,
    reject_raw(reason, line) AS raw
FROM (
    SELECT
        line_no,
        line,
        file_id,
        path_region,
        path_service,
        CASE WHEN is5424 THEN try_cast(a.ts AS TIMESTAMPTZ) ELSE b_ts END AS ts,
        resolve_host(nullif(CASE WHEN is5424 THEN a.host ELSE b.host END, '-'), path_host) AS host,
        CASE WHEN is5424 THEN a.app ELSE nullif(b.program, '') END AS program,
        try_cast(CASE WHEN is5424 THEN a.pri ELSE nullif(b.pri, '') END AS INTEGER) AS pri,
        try_cast(CASE WHEN is5424 THEN nullif(a.procid, '-') ELSE nullif(b.pid, '') END AS INTEGER) AS pid,
        CASE WHEN is5424 THEN coalesce(a.msg, '') ELSE b.msg END AS message,
        CASE
            WHEN is5424 AND (a.msgid <> '-' OR a.sd <> '-')
                THEN json_object('msgid', nullif(a.msgid, '-'), 'structured_data', nullif(a.sd, '-'))
        END AS attrs,
        CASE
            WHEN NOT is5424 AND b.mon = '' AND b.iso = '' THEN 'not a syslog line (RFC 3164 or RFC 5424)'
            WHEN is5424 AND try_cast(a.ts AS TIMESTAMPTZ) IS NULL THEN 'unreadable time "' || a.ts || '"'
            WHEN NOT is5424 AND b_ts IS NULL
                THEN 'unreadable time "' || CASE WHEN b.iso <> '' THEN b.iso ELSE b.mon || ' ' || b.day || ' ' || b.time END || '"'
        END AS reason
    FROM (
        SELECT
            *,
            a.version <> '' AS is5424,
            CASE WHEN b.iso <> '' THEN try_cast(b.iso AS TIMESTAMPTZ)
                 WHEN NOT year_forward AND b_ts0 > year_latest THEN b_ts0 - INTERVAL 1 YEAR
                 ELSE b_ts0 END AS b_ts
        FROM (
          SELECT
            *,
            try_strptime(
                CAST(year_base
                     + CASE WHEN year_forward AND month_of(b.mon) < year_pivot THEN 1 ELSE 0 END
                     AS VARCHAR) || ' ' || b.mon || ' ' || b.day || ' ' || b.time,
                '%Y %b %d %H:%M:%S'
            )::TIMESTAMPTZ AS b_ts0
          FROM (
            SELECT
                *,
                regexp_extract(line,
                    '^<([0-9]{1,3})>([0-9]{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]\\]|\\.)*\])+)(?: (.*))?$',
                    ['pri', 'version', 'ts', 'host', 'app', 'procid', 'msgid', 'sd', 'msg']) AS a,
                regexp_extract(line,
                    '^(?:<([0-9]{1,3})>)?(?:([A-Z][a-z]{2}) +([0-9]{1,2}) ([0-9]{2}:[0-9]{2}:[0-9]{2})|([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2}))) (\S+) (?:([^\s\[:]+)(?:\[([0-9]+)\])?: ?)?(.*)$',
                    ['pri', 'mon', 'day', 'time', 'iso', 'host', 'program', 'pid', 'msg']) AS b
            FROM input
          )
        )
    )
) p
LEFT JOIN inventory inv ON inv.host = p.host
