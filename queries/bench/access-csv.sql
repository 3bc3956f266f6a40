-- The engine's own floor for an access log, for `npm run bench` (end to end): DuckDB's CSV reader
-- reads the "combined" lines of $file as space-separated values with quotes into typed columns
-- (the time from its two bracketed halves), into table `native`. It does less than faultline's
-- ingest: no request split into method, path and protocol, no line numbers, no rejects, no
-- other line shapes, and the trailing request and upstream times only as the 11th and 12th field.
CREATE TABLE native AS
SELECT
    column00 AS client_ip,
    nullif(column02, '-') AS remote_user,
    strptime(column03 || ' ' || column04, '[%d/%b/%Y:%H:%M:%S %z]') AS ts,
    column05 AS request,
    try_cast(column06 AS SMALLINT) AS status,
    try_cast(column07 AS BIGINT) AS bytes,
    nullif(column08, '-') AS referer,
    nullif(column09, '-') AS user_agent,
    try_cast(column10 AS DOUBLE) AS request_time_s,
    try_cast(column11 AS DOUBLE) AS upstream_time_s
FROM read_csv($file, delim = ' ', quote = '"', escape = '\', header = false, auto_detect = false, null_padding = true,
              columns = {'column00': 'VARCHAR', 'column01': 'VARCHAR', 'column02': 'VARCHAR', 'column03': 'VARCHAR',
                         'column04': 'VARCHAR', 'column05': 'VARCHAR', 'column06': 'VARCHAR', 'column07': 'VARCHAR',
                         'column08': 'VARCHAR', 'column09': 'VARCHAR', 'column10': 'VARCHAR', 'column11': 'VARCHAR'})
