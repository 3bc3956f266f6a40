-- The missing lines of a batch (temp table `missing`) that are not ignored go to rejects.
-- Parameters: $path, $format.
INSERT INTO rejects (file_id, path, format, line_no, reason, raw)
SELECT file_id, $path, $format, line_no, reason, raw
FROM missing
WHERE reason <> 'ignored'
