-- The series of `faultline score`: the time and value columns of a CSV with a header, in file
-- order, with the text of each (for the output and for errors). Times are ISO 8601 or epoch
-- seconds / milliseconds; values may be quoted and carry thousands separators ("1,234").
-- Parameters: $file, $time_col, $value_col.
SELECT
    row_number() OVER () + 1 AS line,
    struct_extract(r, $time_col) AS timestamp,
    struct_extract(r, $value_col) AS value_text,
    epoch_ms(coalesce(
        try_cast(struct_extract(r, $time_col) AS TIMESTAMPTZ),
        CASE WHEN try_cast(struct_extract(r, $time_col) AS DOUBLE) >= 1e11
             THEN to_timestamp(try_cast(struct_extract(r, $time_col) AS DOUBLE) / 1000)
             ELSE to_timestamp(try_cast(struct_extract(r, $time_col) AS DOUBLE)) END)) AS ms,
    try_cast(replace(trim(struct_extract(r, $value_col)), ',', '') AS DOUBLE) AS value
FROM read_csv($file, header = true, all_varchar = true, skip = 0) r
