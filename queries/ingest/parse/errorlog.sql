-- Parse web servers' error logs into log_lines columns: nginx
-- (`2026/11/24 07:00:00 [error] 1234#0: *5 connect() failed (111: Connection refused) while connecting to upstream, ...`)
-- and Apache 2.2 / 2.4 (`[Sun Dec 04 04:47:44 2005] [notice] ...`,
-- `[Tue Nov 24 07:00:00.123456 2026] [proxy:error] [pid 12:tid 34] [client 1.2.3.4:5678] AH00957: ...`).
-- Their times carry no zone: UTC, as for RFC 3164 syslog. The level is the bracketed one (notice
-- → info, crit/alert/emerg → fatal, trace1-8 → trace); the service is the path's, else `nginx` or
-- `apache`; Apache's module, when named, is kept in attrs. An error log names no host or region:
-- they are the file's (load-files.sql: file_host, file_region), as for access logs.
-- The columns an error line lacks (status, latency_ms, event, version) are left out: the load
-- inserts by name. Reads `input(line_no, line, file_id, file_region, file_host, path_service, ...)`.
-- No parameters.
SELECT
    ts,
    file_region AS region,
    file_host AS host,
    coalesce(path_service, server) AS service,
    'errorlog' AS source,
    CASE WHEN lower(raw_level) = 'notice' THEN 'info' WHEN starts_with(lower(raw_level), 'trace') THEN 'trace' ELSE norm_level(raw_level) END AS level,
    message,
    pid,
    CASE WHEN module <> '' THEN json_object('module', module) END AS attrs,
    file_id,
    line_no,
    CASE
        WHEN server IS NULL THEN 'not a web server error-log line (nginx or Apache)'
        WHEN ts IS NULL THEN 'unreadable time "' || raw_ts || '"'
    END AS reason,
    reject_raw(reason, line) AS raw
FROM (
    SELECT
        *,
        CASE WHEN n.ts <> '' THEN 'nginx' WHEN a.ts <> '' THEN 'apache' END AS server,
        CASE WHEN n.ts <> '' THEN n.ts ELSE a.ts END AS raw_ts,
        CASE
            WHEN n.ts <> '' THEN try_strptime(n.ts, '%Y/%m/%d %H:%M:%S')::TIMESTAMPTZ
            WHEN a.ts <> '' THEN try_strptime(regexp_replace(a.ts, ' +', ' ', 'g'), ['%a %b %d %H:%M:%S.%f %Y', '%a %b %d %H:%M:%S %Y'])::TIMESTAMPTZ
        END AS ts,
        CASE WHEN n.ts <> '' THEN n.level ELSE a.level END AS raw_level,
        try_cast(CASE WHEN n.ts <> '' THEN n.pid ELSE nullif(a.pid, '') END AS INTEGER) AS pid,
        a.module AS module,
        CASE WHEN n.ts <> '' THEN n.msg ELSE a.msg END AS message
    FROM (
        SELECT
            *,
            regexp_extract(line, '^([0-9]{4}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}) \[(\w+)\] ([0-9]+)#[0-9]+: (.*)$',
                ['ts', 'level', 'pid', 'msg']) AS n,
            regexp_extract(line, '^\[([A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)? [0-9]{4})\] \[(?:([\w-]+):)?(\w+)\](?: \[pid ([0-9]+)(?::tid [0-9]+)?\])? ?(.*)$',
                ['ts', 'module', 'level', 'pid', 'msg']) AS a
        FROM input
    )
)
