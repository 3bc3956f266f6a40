-- Access-log lines inside a container's JSON log (Docker/containerd json-file: an nginx
-- container's stdout), just loaded as log_lines, are requests as well: read by the access parser
-- into http_requests, with the region, host and service of their log line (the same file and
-- line number, so `--force` and the manifest treat them as the file's rows).
-- The lines just loaded: load_files (session.sql). No parameters. The access parse's
-- file_region, file_host and path_service are the log line's own.
INSERT INTO http_requests BY NAME
SELECT * EXCLUDE (reason, raw)
FROM (
    WITH input AS (
        SELECT x.line_no, x.message AS line, x.file_id,
               x.region AS file_region, x.host AS file_host, x.service AS path_service
        FROM log_lines x JOIN load_files f ON f.file_id = x.file_id AND x.line_no >= f.first_line
        -- (attrs is JSON as DuckDB writes it, so a "stream" key shows as that text: the cheap test
        -- first spares parsing every line's attrs; 1M lines with a status: 97-122 ms -> 70-93 ms.)
        WHERE x.status IS NOT NULL AND contains(x.attrs, '"stream"') AND json_exists(x.attrs, '$.stream')
    )
    {parse:access}
)
WHERE reason IS NULL
