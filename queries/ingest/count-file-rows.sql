-- The rows a file has loaded into its table. Placeholder {load_table}. Parameters: $file_id.
SELECT count(*) AS n FROM {load_table} WHERE file_id = $file_id
