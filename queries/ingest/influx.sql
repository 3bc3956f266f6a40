-- Parse InfluxDB line protocol as Telegraf writes it into metric_samples columns: one row per
-- numeric field (floats, 12i integers, 12u unsigned; booleans as 1/0; string fields are not
-- stored), tags kept as a MAP, `host`/`region` tags following the region rules. Escaped
-- spaces, commas and equals signs in measurement, tag and field keys are honoured; `#` lines
-- are comments (ignored). A line without timestamp gets the file's time ($file_time).
-- A rejected line yields exactly one row (with its reason). Reads `input(line_no, line)`.
-- Parameters: $file_id, $path_region, $path_host, $cli_region, $file_time.
SELECT
    ts,
    region,
    host,
    measurement,
    f.k AS field,
    f.v AS value,
    tags,
    $file_id::BIGINT AS file_id,
    line_no,
    reason,
    CASE WHEN reason IS NOT NULL AND reason <> 'ignored' THEN left(line, 4096) END AS raw
FROM (
    SELECT
        *,
        unnest(CASE WHEN reason IS NULL THEN numeric ELSE [NULL::STRUCT(k VARCHAR, v DOUBLE)] END) AS f
    FROM (
        SELECT
            line_no,
            line,
            ts,
            measurement,
            tags,
            numeric,
            resolve_host(tags['host'], $path_host) AS host,
            resolve_region(tags['region'], resolve_host(tags['host'], $path_host), $path_region, $cli_region) AS region,
            CASE
                WHEN starts_with(ltrim(line), '#') THEN 'ignored'
                WHEN m.series = '' THEN 'not InfluxDB line protocol (measurement[,tag=value...] field=value[,...] [timestamp])'
                WHEN dup_tags THEN 'a tag key appears twice'
                WHEN len(bad) > 0 THEN 'bad field: ' || bad[1]
                WHEN ts IS NULL THEN 'unreadable timestamp ' || m.ts
                WHEN len(numeric) = 0 THEN 'no numeric field (string fields are not stored)'
            END AS reason
        FROM (
            SELECT
                *,
                CASE WHEN m.ts = '' THEN $file_time::TIMESTAMPTZ ELSE log_time(m.ts) END AS ts,
                influx_unescape(parts[1]) AS measurement,
                len(list_distinct(list_transform(tag_pairs, p -> p.k))) <> len(tag_pairs) AS dup_tags,
                CASE WHEN len(list_distinct(list_transform(tag_pairs, p -> p.k))) = len(tag_pairs)
                     THEN map_from_entries(tag_pairs) END AS tags,
                list_filter(field_pairs, p -> p.kind = 'bad').list_transform(p -> p.k || '=' || p.raw) AS bad,
                list_transform(list_filter(field_pairs, p -> p.kind = 'number'),
                               p -> {'k': p.k, 'v': p.v}) AS numeric
            FROM (
                SELECT
                    *,
                    list_transform(parts[2:], t -> {
                        'k': influx_unescape(regexp_extract(t, '^((?:[^\\=]|\\.)+)=', 1)),
                        'v': influx_unescape(regexp_extract(t, '^(?:[^\\=]|\\.)+=(.*)$', 1))
                    }) AS tag_pairs,
                    list_transform(regexp_extract_all(m.fields, '(?:[^\\,="]|\\.)+=(?:"(?:[^"\\]|\\.)*"|[^,]*)'), p -> {
                        'k': influx_unescape(regexp_extract(p, '^((?:[^\\=]|\\.)+)=', 1)),
                        'raw': regexp_extract(p, '^(?:[^\\=]|\\.)+=(.*)$', 1),
                        'kind': CASE
                            WHEN starts_with(regexp_extract(p, '^(?:[^\\=]|\\.)+=(.*)$', 1), '"') THEN 'string'
                            WHEN regexp_full_match(regexp_extract(p, '^(?:[^\\=]|\\.)+=(.*)$', 1),
                                                   '-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?[iu]?') THEN 'number'
                            WHEN regexp_full_match(regexp_extract(p, '^(?:[^\\=]|\\.)+=(.*)$', 1),
                                                   't|T|true|True|TRUE|f|F|false|False|FALSE') THEN 'number'
                            ELSE 'bad'
                        END,
                        'v': CASE
                            WHEN regexp_full_match(regexp_extract(p, '^(?:[^\\=]|\\.)+=(.*)$', 1), 't|T|true|True|TRUE') THEN 1.0
                            WHEN regexp_full_match(regexp_extract(p, '^(?:[^\\=]|\\.)+=(.*)$', 1), 'f|F|false|False|FALSE') THEN 0.0
                            ELSE try_cast(rtrim(regexp_extract(p, '^(?:[^\\=]|\\.)+=(.*)$', 1), 'iu') AS DOUBLE)
                        END
                    }) AS field_pairs
                FROM (
                    SELECT
                        line_no,
                        line,
                        m,
                        regexp_extract_all(m.series, '(?:[^\\,]|\\.)+') AS parts
                    FROM (
                        SELECT
                            line_no,
                            line,
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
    )
)
