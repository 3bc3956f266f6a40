-- The lines just loaded whose time lies far outside the rest of their file (a clock that jumped,
-- a nanosecond time that overflowed to 1754): more than max($margin_days, the span itself) before
-- the file's 10th or after its 90th percentile of time (so up to a tenth of a file can be wrong
-- without moving the yardstick), in the files $files (BIGINT[]: those that spread, spread-files.sql).
-- Only those files are sorted for their percentiles.
-- Into the temp table time_outliers. Placeholders {load_table}, {ts}.
-- Over the rows just loaded (load_files, session.sql).
-- Parameters: $margin_days, $files.
CREATE OR REPLACE TEMP TABLE time_outliers AS
WITH t AS (
    SELECT x.file_id, x.line_no, x.{ts} AS ts
    FROM {load_table} x JOIN load_files f ON f.file_id = x.file_id AND x.line_no >= f.first_line
    WHERE x.{ts} IS NOT NULL AND list_contains($files::BIGINT[], x.file_id)
),
r AS (
    SELECT file_id, quantile_cont(epoch(ts), 0.1) AS lo, quantile_cont(epoch(ts), 0.9) AS hi
    FROM t GROUP BY file_id
)
SELECT t.file_id, t.line_no, any_value(t.ts) AS ts, any_value(to_timestamp(r.lo)) AS usual_from, any_value(to_timestamp(r.hi)) AS usual_to
FROM t JOIN r ON r.file_id = t.file_id
WHERE abs(epoch(t.ts) - (r.lo + r.hi) / 2) > (r.hi - r.lo) / 2 + greatest($margin_days * 86400, r.hi - r.lo)
GROUP BY t.file_id, t.line_no
