-- A line too long to be a log line (no newline in 8 MiB), which is not parsed: straight to
-- rejects with its first bytes. Parameters: $file_id, $path, $format, $line_no, $reason, $raw.
INSERT INTO rejects (file_id, path, format, line_no, reason, raw)
VALUES ($file_id, $path, $format, $line_no, $reason, $raw)
