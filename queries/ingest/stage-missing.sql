-- The lines of some blocks that gave no row, parsed again for their reason, into the temp table
-- `missing` (reason 'ignored' for comments and header lines, else why the line was rejected).
-- Only run for blocks that loaded fewer lines than they hold (incomplete-blocks.sql). Placeholders
-- filled in by the ingest code. Parameters: those of the parse, $batch, $first_line, $next_line
-- (the line range of those blocks).
CREATE OR REPLACE TEMP TABLE missing AS
WITH input AS (
    SELECT l.line_no, l.line
    FROM batch_lines($batch) l
    ANTI JOIN (SELECT DISTINCT line_no FROM {table} WHERE file_id = $file_id AND line_no >= $first_line AND line_no < $next_line) t
        ON l.line_no = t.line_no
)
SELECT DISTINCT ON (line_no) file_id, line_no, coalesce(reason, 'not loaded') AS reason, coalesce(raw, '') AS raw
FROM ({parse})
ORDER BY line_no
