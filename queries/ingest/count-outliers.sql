-- Per file: the lines of time_outliers (find-time-outliers.sql) and the rows they gave, before
-- they are dropped. Placeholder {load_table}. No parameters.
SELECT o.file_id, count(DISTINCT o.line_no) AS lines, count(*) AS rows
FROM {load_table} x
JOIN time_outliers o ON o.file_id = x.file_id AND o.line_no = x.line_no
GROUP BY o.file_id
