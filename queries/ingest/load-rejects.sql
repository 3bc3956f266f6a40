-- The missing lines of a batch (temp table `missing`) that are not ignored go to rejects
-- (a reason quoting the line is cut at 300 characters; the line itself is in raw).
-- No parameters (each file's path and format are in load_files).
INSERT INTO rejects (file_id, path, format, line_no, reason, raw)
SELECT m.file_id, f.path, f.format, m.line_no, left(m.reason, 300), m.raw
FROM missing m
JOIN load_files f ON f.file_id = m.file_id
WHERE m.reason <> 'ignored'
