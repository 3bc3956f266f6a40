-- Per-connection helpers of the ingest stage (temporary: they live as long as the connection).
-- No parameters. The inventory (--inventory FILE) is loaded into `inventory` by the ingest code.

CREATE TEMP TABLE IF NOT EXISTS inventory (host VARCHAR PRIMARY KEY, region VARCHAR NOT NULL);

-- The non-empty lines of one batch of blocks, numbered as in their file (blocks.ts has already
-- turned CRLF into LF). A line of only spaces is not empty: it reaches the parser and rejects.
CREATE OR REPLACE TEMP MACRO batch_lines(batch) AS TABLE
    SELECT first_line + idx AS line_no, line
    FROM (
        SELECT first_line, unnest(ls) AS line, unnest(range(len(ls))) AS idx
        FROM (SELECT first_line, string_split(decode(block), chr(10)) AS ls FROM faultline_blocks(batch))
    )
    WHERE line <> '';

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
-- nanoseconds, told apart by magnitude.
CREATE OR REPLACE TEMP MACRO epoch_time(x) AS
    CASE
        WHEN abs(x) >= 1e17 THEN to_timestamp(x / 1e9)
        WHEN abs(x) >= 1e14 THEN to_timestamp(x / 1e6)
        WHEN abs(x) >= 1e11 THEN to_timestamp(x / 1e3)
        ELSE to_timestamp(x)
    END;

-- A log time: ISO 8601 (with or without offset; without one it is UTC), else a number since the
-- epoch (epoch_time). NULL when unreadable. The ISO cast comes first (most logs), and a number
-- never casts as a timestamp; coalesce evaluates the number path only where the cast failed.
CREATE OR REPLACE TEMP MACRO log_time(t) AS
    coalesce(
        try_cast(t AS TIMESTAMPTZ),
        CASE WHEN regexp_full_match(t, '\s*-?[0-9]+(\.[0-9]+)?\s*') THEN epoch_time(try_cast(t AS DOUBLE)) END
    );

-- Log levels folded to one spelling: warning -> warn, err -> error, crit/critical/emerg/alert -> fatal.
CREATE OR REPLACE TEMP MACRO norm_level(l) AS
    CASE
        WHEN l IN ('trace', 'debug', 'info', 'warn', 'error', 'fatal') THEN l
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
