-- The lines of some blocks that gave no row, parsed again for their reason, into the temp table
-- `missing` (reason 'ignored' for comments and header lines, else why the line was rejected).
-- A line gives rows exactly when its parse has no reason (load-rows.sql), so the lines with a
-- reason are the missing ones: no need to look at the rows loaded. Only run for blocks that
-- loaded fewer lines than they hold (incomplete-blocks.sql). Placeholders filled in by the
-- ingest code. Parameters: those of the parse, $batch.
CREATE OR REPLACE TEMP TABLE missing AS
SELECT DISTINCT ON (file_id, line_no) file_id, line_no, reason, coalesce(raw, '') AS raw
FROM (WITH input AS (SELECT * FROM load_input($batch)) {parse})
WHERE reason IS NOT NULL
ORDER BY file_id, line_no
