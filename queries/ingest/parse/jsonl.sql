-- Parse one pass of JSON-lines application logs into log_lines columns, plus `reason`/`raw`
-- for lines that do not parse. Known keys become columns; every other key stays in attrs.
-- Each line is parsed once into the known keys (from_json); attrs is the line less those keys
-- (a merge patch of nulls, RFC 7396), computed once per row (nullif() would repeat it).
-- Other common key names: the level as `severity` (Cloud Logging), `log.level` (ECS) or `lvl`,
-- numbers included (norm_level); the service as `service.name` or `{"service": {"name": ...}}`;
-- the host as `host.name`, `{"host": {"name": ...}}` or `hostname` (pino, bunyan). Two common shapes are read as well:
-- * journald's JSON export (`journalctl -o json`): __REALTIME_TIMESTAMP (µs), MESSAGE,
--   PRIORITY (syslog severity), _HOSTNAME, SYSLOG_IDENTIFIER or _SYSTEMD_UNIT, _PID,
-- * Docker/containerd json-file lines {"log": ..., "stream": ..., "time": ...}: the inner line
--   is the record (docker_doc): its keys when it is a JSON object, else its text as the message,
--   with the level of its words (fl_keyword_level) and an access line's status (5xx: error).
-- A field map (--map level=severity,msg=message.text) names other keys: $map_<key> is a JSON
-- path, or NULL.
-- Reads `input(line_no, line, file_id, path_region, path_host, path_service, ...)`, supplied by
-- the caller (the lines with their file's columns of load_files).
-- Parameters: $cli_region, $map_ts,
-- $map_level, $map_msg, $map_service, $map_host, $map_region, $map_status, $map_latency_ms,
-- $map_event, $map_version.
SELECT
    ts,
    resolve_region(mapped(line, $map_region, coalesce(j.region, j."cloud.region", j.cloud.region)), p.path_region, inv.region, $cli_region) AS region,
    p.host,
    coalesce(nullif(mapped(line, $map_service, coalesce(name_of(j.service), j."service.name", jd.SYSLOG_IDENTIFIER, regexp_replace(jd._SYSTEMD_UNIT, '\.service$', ''))), ''), p.path_service) AS service,
    'jsonl' AS source,
    coalesce(norm_level(mapped(line, $map_level, coalesce(j.level, j.severity, j."log.level", j.lvl))), severity_level(try_cast(jd.PRIORITY AS INTEGER))) AS level,
    mapped(line, $map_msg, coalesce(j.msg, j.message, jd.MESSAGE)) AS message,
    coalesce(try_cast(status_text AS SMALLINT), try_cast(try_cast(status_text AS DOUBLE) AS SMALLINT)) AS status,
    try_cast(mapped(line, $map_latency_ms, coalesce(j.latency_ms, j.duration_ms)) AS DOUBLE) AS latency_ms,
    nullif(lower(trim(mapped(line, $map_event, j.event))), '') AS event,
    mapped(line, $map_version, j.version) AS version,
    try_cast(jd._PID AS INTEGER) AS pid,
    nullif(attrs_all, '{}') AS attrs,
    p.file_id,
    line_no,
    reason,
    reject_raw(reason, line) AS raw
FROM (
    SELECT
        *,
        -- A merge patch costs more the more keys it has (1M lines: 8 keys 0.6 s, 29 keys 1.3 s), so
        -- it names only the keys the line can have: the 8 usual ones when the record has none of
        -- the others (their fields in j are NULL, and no key holds a JSON null), journald's only in
        -- journald's export (jd; elsewhere its key names are other keys, kept in attrs). A key known
        -- here is in j's type below, in the long patch, and in the short one or its NULL checks.
        CASE
            WHEN reason IS NOT NULL THEN NULL
            WHEN jd IS NULL AND j.time IS NULL AND j."timestamp" IS NULL AND j."@timestamp" IS NULL AND j.message IS NULL
                AND j."cloud.region" IS NULL AND j.severity IS NULL AND j."log.level" IS NULL AND j.lvl IS NULL
                AND j."service.name" IS NULL AND j."host.name" IS NULL AND j.hostname IS NULL AND j.duration_ms IS NULL
                AND j.event IS NULL AND j.version IS NULL AND NOT contains(line, 'null')
                THEN json_merge_patch(line, '{"ts":null,"level":null,"msg":null,"service":null,"host":null,"region":null,"status":null,"latency_ms":null}')
            ELSE json_merge_patch(line,
                '{"ts":null,"time":null,"timestamp":null,"@timestamp":null,"level":null,"msg":null,"message":null,'
                || '"service":null,"host":null,"region":null,"cloud.region":null,"status":null,"latency_ms":null,'
                || '"severity":null,"log.level":null,"lvl":null,"service.name":null,"host.name":null,"hostname":null,'
                || '"duration_ms":null,"event":null,"version":null'
                || CASE WHEN jd IS NULL THEN '}' ELSE ',"MESSAGE":null,"PRIORITY":null,"_HOSTNAME":null,'
                || '"SYSLOG_IDENTIFIER":null,"_SYSTEMD_UNIT":null,"_PID":null,"__REALTIME_TIMESTAMP":null}' END)
        END AS attrs_all,
        mapped(line, $map_status, j.status) AS status_text
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
                resolve_host(mapped(line, $map_host, coalesce(name_of(j.host), j."host.name", j.hostname, jd._HOSTNAME)),
                             path_host) AS host
            FROM (
                SELECT *, mapped(line, $map_ts, coalesce(j.ts, j."time", j."timestamp", j."@timestamp", jd.__REALTIME_TIMESTAMP)) AS t
                FROM (
                    -- try() turns malformed JSON into NULL (a reject), not an error.
                    SELECT
                        *,
                        -- journald's keys apart: DuckDB's struct keys ignore case (MESSAGE is message).
                        CASE WHEN contains(line, '"__REALTIME_TIMESTAMP"') THEN try(from_json(line, '{
                            "MESSAGE": "VARCHAR", "PRIORITY": "VARCHAR", "_HOSTNAME": "VARCHAR", "SYSLOG_IDENTIFIER": "VARCHAR",
                            "_SYSTEMD_UNIT": "VARCHAR", "_PID": "VARCHAR", "__REALTIME_TIMESTAMP": "VARCHAR"}')) END AS jd,
                        CASE WHEN starts_with(line, '{') OR starts_with(ltrim(line), '{') THEN try(from_json(line, '{
                            "ts": "VARCHAR", "time": "VARCHAR", "timestamp": "VARCHAR", "@timestamp": "VARCHAR",
                            "level": "VARCHAR", "msg": "VARCHAR", "message": "VARCHAR", "service": "VARCHAR",
                            "severity": "VARCHAR", "log.level": "VARCHAR", "lvl": "VARCHAR", "service.name": "VARCHAR",
                            "host": "VARCHAR", "host.name": "VARCHAR", "hostname": "VARCHAR", "region": "VARCHAR", "cloud.region": "VARCHAR",
                            "cloud": {"region": "VARCHAR"}, "status": "VARCHAR", "latency_ms": "VARCHAR",
                            "duration_ms": "VARCHAR", "event": "VARCHAR", "version": "VARCHAR"}')) END AS j
                    FROM (
                        -- A Docker json-file line is read as the record it carries (a malformed one as
                        -- itself, to be rejected: try()).
                        SELECT * REPLACE (CASE WHEN starts_with(line, '{"log":') THEN coalesce(try(docker_doc(line)), line) ELSE line END AS line)
                        FROM input
                    )
                )
            )
        )
    )
) p
LEFT JOIN inventory inv ON inv.host = p.host
