-- Change events among the JSON lines just loaded (deploy, config_change, maintenance, restart,
-- rollback) also go to `changes`. Parameters: $file_id, $first_line (the batch's first line).
INSERT INTO changes (ts, region, host, service, kind, version, message, file_id, line_no)
SELECT ts, region, host, service, event, version, message, file_id, line_no
FROM log_lines
WHERE file_id = $file_id AND line_no >= $first_line
  AND event IN ('deploy', 'config_change', 'maintenance', 'restart', 'rollback')
