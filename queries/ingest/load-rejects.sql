-- The missing lines of a batch (temp table `missing`) that are not ignored go to rejects
-- (a reason quoting the line is cut at 300 characters; the line itself is in raw).
-- Parameters: $path, $format.
INSERT INTO rejects (file_id, path, format, line_no, reason, raw)
SELECT file_id, $path, $format, line_no, left(reason, 300), raw
FROM missing
WHERE reason <> 'ignored'
