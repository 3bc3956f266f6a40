-- Access-log lines inside a container's JSON log (Docker/containerd json-file: an nginx
-- container's stdout), just loaded as log_lines, are requests as well: read by the access parser
-- into http_requests, with the region, host and service of their log line (the same file and
-- line number, so `--force` and the manifest treat them as the file's rows).
-- Parameters: $file_id, $first_line, and those of the access parse ($file_region, $file_host,
-- $path_service: replaced here by the log line's own).
INSERT INTO http_requests BY NAME
SELECT a.* EXCLUDE (reason, raw, region, host, service), l.region, l.host, l.service
FROM (
    WITH input AS (
        SELECT line_no, message AS line
        FROM log_lines
        WHERE file_id = $file_id AND line_no >= $first_line AND status IS NOT NULL AND json_exists(attrs, '$.stream')
    )
    {parse:access}
) a
JOIN log_lines l ON l.file_id = $file_id AND l.line_no = a.line_no
WHERE a.reason IS NULL
