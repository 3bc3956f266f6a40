-- Move the lines of time_outliers to rejects, with a reason that says why, and delete their rows
-- (and what was derived from them: logins, change events, a container log's requests) before the file's time range is
-- noted, so they never set the range of anything. Placeholders {load_table}.
-- No parameters (the files' paths and formats are in load_files).
INSERT INTO rejects (file_id, path, format, line_no, reason, raw)
SELECT o.file_id, f.path, f.format, o.line_no,
       'time ' || fl_iso(o.ts) || ' lies far outside the rest of the file ('
           || strftime(o.usual_from, '%Y-%m-%d') || ' to ' || strftime(o.usual_to, '%Y-%m-%d') || ')',
       ''
FROM time_outliers o JOIN load_files f ON f.file_id = o.file_id;
DELETE FROM {load_table} x USING time_outliers o WHERE x.file_id = o.file_id AND x.line_no = o.line_no;
DELETE FROM auth_events x USING time_outliers o WHERE x.file_id = o.file_id AND x.line_no = o.line_no;
DELETE FROM changes x USING time_outliers o WHERE x.file_id = o.file_id AND x.line_no = o.line_no;
DELETE FROM http_requests x USING time_outliers o WHERE x.file_id = o.file_id AND x.line_no = o.line_no;
