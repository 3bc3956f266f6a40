-- Per-connection helpers of the ingest stage (temporary: they live as long as the connection).
-- No parameters. The inventory (--inventory FILE) is loaded into `inventory` by the ingest code.

CREATE TEMP TABLE IF NOT EXISTS inventory (host VARCHAR PRIMARY KEY, region VARCHAR NOT NULL);

-- The files of one load (one or many files of one format, in one transaction), filled by
-- load-files.sql: what the parse and the steps after it know of each file. `first_line`: the
-- first line read in this load (a file read before resumes after its last line). The rows just
-- loaded, which the steps after a load (changes, logins, time outliers, dirty ranges, counts)
-- work on, are those that join it: `JOIN load_files f ON f.file_id = x.file_id AND x.line_no >=
-- f.first_line` (a join: a table macro over query_table() was slower in the one A/B run, 4.8–5.0 s
-- against 3.9 s for a 1M-line access file; an EXISTS macro, 5.3 s).
CREATE TEMP TABLE IF NOT EXISTS load_files (
    file_id BIGINT PRIMARY KEY,
    first_line BIGINT NOT NULL,
    path VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    path_region VARCHAR,
    path_host VARCHAR,
    path_service VARCHAR,
    -- The file's own origin, for formats whose records name none (access, VPC flow logs).
    file_region VARCHAR,
    file_host VARCHAR,
    -- The file's mtime (line protocol without timestamps) and syslog's year rules (formats/syslog.ts).
    file_time TIMESTAMPTZ,
    year_base INTEGER,
    year_forward BOOLEAN,
    year_latest TIMESTAMPTZ,
    year_pivot INTEGER
);

-- The non-empty lines of one batch of blocks, numbered as in their file (blocks.ts has already
-- turned CRLF into LF). A line of only spaces is not empty: it reaches the parser and rejects.
CREATE OR REPLACE TEMP MACRO batch_lines(batch) AS TABLE
    SELECT file_id, first_line + idx AS line_no, line
    FROM (
        SELECT file_id, first_line, unnest(ls) AS line, unnest(range(len(ls))) AS idx
        FROM (SELECT file_id, first_line, string_split(decode(block), chr(10)) AS ls FROM faultline_blocks(batch))
    )
    WHERE line <> '';

-- What a parse query reads (`input`): the lines of a batch with what is known of their file.
CREATE OR REPLACE TEMP MACRO load_input(batch) AS TABLE
    SELECT b.line_no, b.line, f.* EXCLUDE (first_line, path, format)
    FROM batch_lines(batch) b JOIN load_files f ON f.file_id = b.file_id;

-- The region and host rules (README, Input formats), first rule that gives one wins:
-- the record's own field, the Hive-style path segment, the inventory, --region, 'unknown'.
-- The inventory's region for the host is looked up by the caller with
-- `LEFT JOIN inventory inv ON inv.host = <host>` (a join: a scalar subquery here would be
-- planned as a join over every row's host even when the record names its region).
CREATE OR REPLACE TEMP MACRO resolve_host(record_host, path_host) AS
    coalesce(nullif(trim(record_host), ''), path_host, 'unknown');
CREATE OR REPLACE TEMP MACRO resolve_region(record_region, path_region, inventory_region, cli_region) AS
    coalesce(nullif(trim(record_region), ''), path_region, inventory_region, cli_region, 'unknown');

-- (try_cast throughout: the optimiser may hoist a shared cast out of the CASE.)
-- A time given as a number since the epoch: seconds, milliseconds, microseconds or
-- nanoseconds, told apart by magnitude. NULL (unreadable) when out of range, not an error.
CREATE OR REPLACE TEMP MACRO epoch_time(x) AS
    try(CASE
        WHEN abs(x) >= 1e17 THEN to_timestamp(x / 1e9)
        WHEN abs(x) >= 1e14 THEN to_timestamp(x / 1e6)
        WHEN abs(x) >= 1e11 THEN to_timestamp(x / 1e3)
        ELSE to_timestamp(x)
    END);

-- A log time: ISO 8601 (with or without offset; without one it is UTC), else a number since the
-- epoch (epoch_time). NULL when unreadable. The ISO cast comes first (most logs), and a number
-- never casts as a timestamp; coalesce evaluates the number path only where the cast failed.
CREATE OR REPLACE TEMP MACRO log_time(t) AS
    coalesce(
        try_cast(t AS TIMESTAMPTZ),
        CASE WHEN regexp_full_match(t, '\s*-?[0-9]+(\.[0-9]+)?\s*') THEN epoch_time(try_cast(t AS DOUBLE)) END
    );

-- A syslog severity (0-7: emerg … debug; RFC 5424's PRI mod 8, journald's PRIORITY) as a level.
CREATE OR REPLACE TEMP MACRO severity_level(n) AS
    CASE WHEN n <= 2 THEN 'fatal' WHEN n = 3 THEN 'error' WHEN n = 4 THEN 'warn' WHEN n <= 6 THEN 'info' WHEN n = 7 THEN 'debug' END;

-- A numeric level: a syslog severity (0-7, severity_level), or pino's and bunyan's 10 trace,
-- 20 debug, 30 info, 40 warn, 50 error, 60 fatal.
CREATE OR REPLACE TEMP MACRO number_level(n) AS
    CASE WHEN n <= 7 THEN severity_level(n) WHEN n >= 60 THEN 'fatal' WHEN n >= 50 THEN 'error'
         WHEN n >= 40 THEN 'warn' WHEN n >= 30 THEN 'info' WHEN n >= 20 THEN 'debug' ELSE 'trace' END;

-- Log levels folded to one spelling: warning -> warn, err -> error, crit/critical/emerg/alert -> fatal.
CREATE OR REPLACE TEMP MACRO norm_level(l) AS
    CASE
        WHEN l IN ('trace', 'debug', 'info', 'warn', 'error', 'fatal') THEN l
        -- A number: a syslog severity (0-7), or pino's and bunyan's 10 trace ... 60 fatal.
        WHEN regexp_full_match(trim(l), '[0-9]{1,3}') THEN number_level(trim(l)::INTEGER)
        ELSE CASE lower(trim(l))
            WHEN 'warning' THEN 'warn'
            WHEN 'err' THEN 'error'
            WHEN 'crit' THEN 'fatal'
            WHEN 'critical' THEN 'fatal'
            WHEN 'emerg' THEN 'fatal'
            WHEN 'alert' THEN 'fatal'
            ELSE nullif(lower(trim(l)), '')
        END
    END;

-- A JSON field that is a name, or an object holding one (ECS: {"host": {"name": "web-1"}}); a
-- string that only starts with a brace ("{web-1") is a name.
CREATE OR REPLACE TEMP MACRO name_of(v) AS
    CASE WHEN starts_with(v, '{') AND json_valid(v) THEN json_extract_string(v, '$.name') ELSE v END;

-- A JSON log's field under a field map (--map): the value at `path` when one is mapped, else
-- `otherwise` (the known keys). NULL for a line that is not JSON (it is rejected), not an error.
CREATE OR REPLACE TEMP MACRO mapped(doc, path, otherwise) AS
    CASE WHEN path IS NULL THEN otherwise ELSE try(json_extract_string(doc, path)) END;

-- A Docker/containerd json-file line ({"log": "...\n", "stream": "stderr", "time": "..."}) as the
-- record it carries: the inner JSON object (with the outer time when it has none), else the
-- inner text as the message, with its level by keywords, or by status for an access-log line
-- ("GET /x HTTP/1.1" 503 ...: 5xx error, 4xx warn).
CREATE OR REPLACE TEMP MACRO docker_text(inner_text, outer_time, stream, access_status) AS
    json_object('time', outer_time, 'stream', stream, 'message', inner_text, 'status', nullif(access_status, ''),
                'level', CASE WHEN access_status >= '500' THEN 'error' WHEN access_status >= '400' THEN 'warn'
                              WHEN access_status <> '' THEN 'info' ELSE fl_keyword_level(inner_text) END)::VARCHAR;
CREATE OR REPLACE TEMP MACRO docker_record(inner_text, outer_time, stream) AS
    CASE
        WHEN starts_with(inner_text, '{') AND json_valid(inner_text) AND json_type(inner_text::JSON) = 'OBJECT'
            THEN json_merge_patch(json_object('time', outer_time, 'stream', stream), inner_text)::VARCHAR
        ELSE docker_text(inner_text, outer_time, stream, regexp_extract(inner_text, '^\S+ \S+ \S+ \[[^\]]+\] "[^"]*" ([1-5][0-9][0-9]) ', 1))
    END;
CREATE OR REPLACE TEMP MACRO docker_doc(line) AS
    docker_record(rtrim(json_extract_string(line, '$.log'), chr(10) || chr(13)), json_extract_string(line, '$.time'), json_extract_string(line, '$.stream'));

-- Line protocol: drop the backslash of an escaped character (\, \  \= \\ \").
CREATE OR REPLACE TEMP MACRO influx_unescape(s) AS
    CASE WHEN contains(s, '\') THEN regexp_replace(s, '\\([\\ ,="])', '\1', 'g') ELSE s END;

-- The month number (1-12) of an English three-letter month name; NULL when it is none.
CREATE OR REPLACE TEMP MACRO month_of(mon) AS
    list_position(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'], mon);

-- The text kept in rejects for a line with a reason (not for rows, nor for ignored comments and
-- headers): the line cut at 4 KiB.
CREATE OR REPLACE TEMP MACRO reject_raw(reason, line) AS
    CASE WHEN reason IS NOT NULL AND reason <> 'ignored' THEN left(line, 4096) END;
