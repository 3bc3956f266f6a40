-- Per file of a load: the lines that gave rows and the rows, of the rows just loaded (load_files,
-- session.sql) from line $from_line on (a stream's pass). Placeholders {load_table}, {distinct}
-- (DISTINCT where a line may give several rows). Parameters: $from_line.
SELECT x.file_id, count({distinct} x.line_no) AS lines, count(*) AS rows
FROM {load_table} x JOIN load_files f ON f.file_id = x.file_id AND x.line_no >= f.first_line
WHERE x.line_no >= $from_line
GROUP BY x.file_id
