-- The log lines without a template yet, with their masked message (temp table new_messages).
-- No parameters.
CREATE OR REPLACE TEMP TABLE new_messages AS
SELECT rowid AS row_id, ts, fl_mask(message) AS masked
FROM log_lines
WHERE template_id IS NULL
