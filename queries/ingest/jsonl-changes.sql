-- Change events among the JSON lines just loaded (deploy, config_change, maintenance, restart,
-- rollback) also go to `changes`. The rows just loaded are those of load_files from their
-- first_line on; $min_file_id, $max_file_id and $min_line bound them for the scan.
INSERT INTO changes (ts, region, host, service, kind, version, message, file_id, line_no)
SELECT x.ts, x.region, x.host, x.service, x.event, x.version, x.message, x.file_id, x.line_no
FROM log_lines x
JOIN load_files f ON f.file_id = x.file_id
WHERE x.file_id BETWEEN $min_file_id AND $max_file_id AND x.line_no >= $min_line AND x.line_no >= f.first_line
  AND x.event IN ('deploy', 'config_change', 'maintenance', 'restart', 'rollback')
