-- The lines of one batch that did not become rows go to rejects, with the parse's reason.
-- Only run when a batch loaded fewer rows than it has lines: the parse runs again, but only on
-- the lines missing from the table. Placeholders filled in by the ingest code.
-- Parameters: those of the parse, $batch, $first_line, $path, $format.
INSERT INTO rejects (file_id, path, format, line_no, reason, raw)
SELECT file_id, $path, $format, line_no, coalesce(reason, 'not loaded'), coalesce(raw, '')
FROM (
    WITH input AS (
        SELECT l.line_no, l.line
        FROM batch_lines($batch) l
        ANTI JOIN (SELECT line_no FROM {table} WHERE file_id = $file_id AND line_no >= $first_line) t
            ON l.line_no = t.line_no
    )
    {parse}
)
