-- Parse AWS VPC Flow Logs (version 2, default field order) into flow_records columns. `-` is a
-- missing value; NODATA and SKIPDATA records are kept as such (action NULL). The header line is
-- ignored. A flow names no host nor region: they are the file's (flow-origin.sql). Each field is
-- cast once (the reasons reuse the casts). Reads `input(line_no, line, file_id, ...)`. No parameters.
SELECT
    start_ts,
    end_ts,
    version,
    nullif(f[2], '-') AS account_id,
    nullif(f[3], '-') AS interface_id,
    nullif(f[4], '-') AS srcaddr,
    nullif(f[5], '-') AS dstaddr,
    try_cast(nullif(f[6], '-') AS INTEGER) AS srcport,
    try_cast(nullif(f[7], '-') AS INTEGER) AS dstport,
    try_cast(nullif(f[8], '-') AS INTEGER) AS protocol,
    packets,
    bytes,
    nullif(f[13], '-') AS action,
    f[14] AS log_status,
    file_id,
    line_no,
    CASE
        WHEN f[1] = 'version' THEN 'ignored'
        WHEN len(f) <> 14 THEN 'expected the 14 fields of a VPC flow log version 2 record, got ' || len(f)
        WHEN version IS NULL THEN 'unreadable version "' || f[1] || '"'
        WHEN start_ts IS NULL OR end_ts IS NULL THEN 'unreadable start/end "' || f[11] || '" "' || f[12] || '"'
        WHEN f[14] NOT IN ('OK', 'NODATA', 'SKIPDATA') THEN 'unknown log-status "' || f[14] || '"'
        WHEN f[13] NOT IN ('ACCEPT', 'REJECT', '-') THEN 'unknown action "' || f[13] || '"'
        WHEN f[14] = 'OK' AND (packets IS NULL OR bytes IS NULL)
            THEN 'unreadable packets/bytes "' || f[9] || '" "' || f[10] || '"'
    END AS reason,
    reject_raw(reason, line) AS raw
FROM (
    SELECT
        *,
        try_cast(f[1] AS INTEGER) AS version,
        -- (try: a time out of range is unreadable, not an error)
        try(to_timestamp(try_cast(f[11] AS BIGINT))) AS start_ts,
        try(to_timestamp(try_cast(f[12] AS BIGINT))) AS end_ts,
        try_cast(nullif(f[9], '-') AS BIGINT) AS packets,
        try_cast(nullif(f[10], '-') AS BIGINT) AS bytes
    FROM (SELECT line_no, line, file_id, string_split(CASE WHEN starts_with(line, ' ') OR ends_with(line, ' ') THEN trim(line) ELSE line END, ' ') AS f FROM input)
)
