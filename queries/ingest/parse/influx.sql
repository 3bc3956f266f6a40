-- Parse InfluxDB line protocol as Telegraf writes it into metric_samples columns: one row per
-- numeric field (floats, 12i integers, 12u unsigned; booleans as 1/0; string fields are not
-- stored), tags kept as a MAP, `host`/`region` tags following the region rules. Escaped
-- spaces, commas and equals signs in measurement, tag and field keys are honoured; `#` lines
-- are comments (ignored). A line without timestamp gets the file's time (file_time).
-- A rejected line yields exactly one row (with its reason). Field lists without quotes or
-- backslashes (nearly all) are split with string_split; values are parsed after the unnest.
-- Reads `input(line_no, line, file_id, path_region, path_host, file_time, ...)` (the lines with
-- their file's columns of load_files). Parameters: $cli_region.
SELECT
    ts,
    region,
    host,
    measurement,
    CASE WHEN contains(pair, '\') THEN influx_unescape(regexp_extract(pair, '^((?:[^\\=]|\\.)+)=', 1))
         ELSE split_part(pair, '=', 1) END AS field,
    CASE
        WHEN raw_value IN ('t', 'T', 'true', 'True', 'TRUE') THEN 1.0
        WHEN raw_value IN ('f', 'F', 'false', 'False', 'FALSE') THEN 0.0
        ELSE try_cast(rtrim(raw_value, 'iu') AS DOUBLE)
    END AS value,
    tags,
    file_id,
    line_no,
    reason,
    raw
FROM (
    SELECT
        *,
        CASE WHEN contains(pair, '\') THEN regexp_extract(pair, '^(?:[^\\=]|\\.)+=(.*)$', 1)
             ELSE substr(pair, strpos(pair, '=') + 1) END AS raw_value
    FROM (
        -- Only what the rows need crosses the unnest (it repeats each line's values per field).
        SELECT
            ts, region, host, measurement, tags, file_id, line_no, reason,
            reject_raw(reason, line) AS raw,
            unnest(CASE WHEN reason IS NULL THEN pairs ELSE [NULL] END) AS pair
        FROM (
            SELECT
                q.*,
                resolve_host(q.tags['host'], q.path_host) AS host,
                resolve_region(tags['region'], q.path_region, inv.region, $cli_region) AS region,
                CASE
                    WHEN left(line, 1) IN ('#', ' ') AND starts_with(ltrim(line), '#') THEN 'ignored'
                    WHEN m.series = '' THEN 'not InfluxDB line protocol (measurement[,tag=value...] field=value[,...] [timestamp])'
                    WHEN len(list_distinct(tag_keys)) <> len(tag_keys) THEN 'a tag key appears twice'
                    WHEN NOT regexp_full_match(m.fields,
                            '(?:(?:[^\\,="]|\\.)+=(?:"(?:[^"\\]|\\.)*"|t|T|true|True|TRUE|f|F|false|False|FALSE|-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?[iu]?))'
                            || '(?:,(?:[^\\,="]|\\.)+=(?:"(?:[^"\\]|\\.)*"|t|T|true|True|TRUE|f|F|false|False|FALSE|-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?[iu]?))*')
                        THEN 'bad field value in: ' || m.fields
                    WHEN ts IS NULL THEN 'unreadable timestamp ' || m.ts
                    WHEN len(pairs) = 0 THEN 'no numeric field (string fields are not stored)'
                END AS reason
            FROM (
                SELECT
                    *,
                    CASE WHEN m.ts = '' THEN file_time ELSE epoch_time(try_cast(m.ts AS DOUBLE)) END AS ts,
                    -- The numeric (and boolean) field=value pairs; string fields are dropped here.
                    list_filter(
                        CASE WHEN contains(m.fields, '"') OR contains(m.fields, '\')
                             THEN regexp_extract_all(m.fields, '(?:[^\\,="]|\\.)+=(?:"(?:[^"\\]|\\.)*"|[^,]*)')
                             ELSE string_split(m.fields, ',') END,
                        p -> NOT contains(p, '="')
                    ) AS pairs,
                    CASE WHEN len(list_distinct(tag_keys)) = len(tag_keys) THEN
                        map(CASE WHEN contains(tag_text, '\') THEN list_transform(tag_keys, x -> influx_unescape(x)) ELSE tag_keys END,
                            CASE WHEN contains(tag_text, '\') THEN list_transform(tag_values, x -> influx_unescape(x)) ELSE tag_values END)
                    END AS tags
                FROM (
                    SELECT
                        *,
                        influx_unescape(measurement_raw) AS measurement,
                        regexp_extract_all(tag_text, ',((?:[^\\,=]|\\.)+)=((?:[^\\,]|\\.)*)', 1) AS tag_keys,
                        regexp_extract_all(tag_text, ',((?:[^\\,=]|\\.)+)=((?:[^\\,]|\\.)*)', 2) AS tag_values
                    FROM (
                        SELECT
                            *,
                            substr(m.series, length(measurement_raw) + 1) AS tag_text
                        FROM (
                            SELECT
                                *,
                                regexp_extract(m.series, '^(?:[^\\,]|\\.)+') AS measurement_raw
                            FROM (
                                SELECT
                                    *,
                                    regexp_extract(
                                        line,
                                        '^((?:[^\\ ]|\\.)+) +((?:[^\\ "]|\\.|"(?:[^"\\]|\\.)*")+)(?: +(-?[0-9]+))? *$',
                                        ['series', 'fields', 'ts']
                                    ) AS m
                                FROM input
                            )
                        )
                    )
                )
            ) q
            LEFT JOIN inventory inv ON inv.host = resolve_host(q.tags['host'], q.path_host)
        )
    )
)
