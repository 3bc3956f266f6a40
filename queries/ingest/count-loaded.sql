-- Per file of a load: the lines that gave rows and the rows, from each file's first_line on (the
-- rows just loaded, jsonl-changes.sql). Placeholders {load_table}, {distinct} (DISTINCT where a
-- line may give several rows). Parameters: $min_file_id, $max_file_id, $min_line.
SELECT x.file_id, count({distinct} x.line_no) AS lines, count(*) AS rows
FROM {load_table} x
JOIN load_files f ON f.file_id = x.file_id
WHERE x.file_id BETWEEN $min_file_id AND $max_file_id AND x.line_no >= $min_line AND x.line_no >= f.first_line
GROUP BY x.file_id
