-- Move the lines of time_outliers to rejects, with a reason that says why, and delete their rows
-- (and what was derived from them: logins, change events, a container log's requests) before the file's time range is
-- noted, so they never set the range of anything. Placeholders {load_table}.
-- Parameters: $file_id, $path, $format.
INSERT INTO rejects (file_id, path, format, line_no, reason, raw)
SELECT $file_id, $path, $format, line_no,
       'time ' || fl_iso(ts) || ' lies far outside the rest of the file ('
           || strftime(usual_from, '%Y-%m-%d') || ' to ' || strftime(usual_to, '%Y-%m-%d') || ')',
       ''
FROM time_outliers;
DELETE FROM {load_table} WHERE file_id = $file_id AND line_no IN (SELECT line_no FROM time_outliers);
DELETE FROM auth_events WHERE file_id = $file_id AND line_no IN (SELECT line_no FROM time_outliers);
DELETE FROM changes WHERE file_id = $file_id AND line_no IN (SELECT line_no FROM time_outliers);
DELETE FROM http_requests WHERE file_id = $file_id AND line_no IN (SELECT line_no FROM time_outliers);
