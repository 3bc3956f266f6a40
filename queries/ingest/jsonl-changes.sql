-- Change events among the JSON lines just loaded (deploy, config_change, maintenance, restart,
-- rollback) also go to `changes`. The lines just loaded: load_files (session.sql). No parameters.
INSERT INTO changes (ts, region, host, service, kind, version, message, file_id, line_no)
SELECT x.ts, x.region, x.host, x.service, x.event, x.version, x.message, x.file_id, x.line_no
FROM log_lines x JOIN load_files f ON f.file_id = x.file_id AND x.line_no >= f.first_line
WHERE x.event IN ('deploy', 'config_change', 'maintenance', 'restart', 'rollback')
