-- Parse one pass of JSON-lines application logs into log_lines columns, plus `reason`/`raw`
-- for lines that do not parse. Known keys become columns; every other key stays in attrs.
-- Each line is parsed once into the known keys (from_json); attrs is the line less those keys
-- (a merge patch of nulls, RFC 7396), computed once per row (nullif() would repeat it).
-- Reads `input(line_no, line)`, supplied by the caller.
-- Parameters: $file_id, $path_region, $path_host, $path_service, $cli_region.
SELECT
    ts,
    resolve_region(coalesce(j.region, j."cloud.region", j.cloud.region), $path_region, inv.region, $cli_region) AS region,
    p.host,
    coalesce(nullif(j.service, ''), $path_service::VARCHAR) AS service,
    'jsonl' AS source,
    norm_level(j.level) AS level,
    coalesce(j.msg, j.message) AS message,
    coalesce(try_cast(j.status AS SMALLINT), try_cast(try_cast(j.status AS DOUBLE) AS SMALLINT)) AS status,
    try_cast(coalesce(j.latency_ms, j.duration_ms) AS DOUBLE) AS latency_ms,
    nullif(lower(trim(j.event)), '') AS event,
    j.version AS version,
    NULL::INTEGER AS pid,
    nullif(attrs_all, '{}') AS attrs,
    $file_id::BIGINT AS file_id,
    line_no,
    reason,
    reject_raw(reason, line) AS raw
FROM (
    SELECT
        *,
        CASE WHEN reason IS NULL THEN json_merge_patch(line,
            '{"ts":null,"time":null,"timestamp":null,"@timestamp":null,"level":null,"msg":null,"message":null,'
            || '"service":null,"host":null,"region":null,"cloud.region":null,"status":null,"latency_ms":null,'
            || '"duration_ms":null,"event":null,"version":null}') END AS attrs_all
    FROM (
        SELECT
            *,
            CASE
                WHEN j IS NULL THEN 'not a JSON object'
                WHEN t IS NULL THEN 'no time: none of ts, time, timestamp, @timestamp'
                WHEN ts IS NULL THEN 'unreadable time "' || t || '"'
            END AS reason
        FROM (
            SELECT
                *,
                log_time(t) AS ts,
                resolve_host(CASE WHEN starts_with(j.host, '{') THEN json_extract_string(j.host, '$.name') ELSE j.host END,
                             $path_host) AS host
            FROM (
                SELECT *, coalesce(j.ts, j."time", j."timestamp", j."@timestamp") AS t
                FROM (
                    -- try() turns malformed JSON into NULL (a reject), not an error.
                    SELECT
                        line_no,
                        line,
                        CASE WHEN starts_with(line, '{') OR starts_with(ltrim(line), '{') THEN try(from_json(line, '{
                            "ts": "VARCHAR", "time": "VARCHAR", "timestamp": "VARCHAR", "@timestamp": "VARCHAR",
                            "level": "VARCHAR", "msg": "VARCHAR", "message": "VARCHAR", "service": "VARCHAR",
                            "host": "VARCHAR", "region": "VARCHAR", "cloud.region": "VARCHAR",
                            "cloud": {"region": "VARCHAR"}, "status": "VARCHAR", "latency_ms": "VARCHAR",
                            "duration_ms": "VARCHAR", "event": "VARCHAR", "version": "VARCHAR"}')) END AS j
                    FROM input
                )
            )
        )
    )
) p
LEFT JOIN inventory inv ON inv.host = p.host
