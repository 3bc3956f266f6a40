-- Load the lines of one pass over blocks that parse into the format's table ({load_table}: the
-- table its rows are inserted into). The placeholders are filled in by the ingest code (a table
-- name and queries/ingest/<format>.sql). The filter on `reason` must not be pushed into the parse
-- (that would run the parse twice): ingest sets disabled_optimizers = 'filter_pushdown' while it
-- loads. Parameters: those of the parse, $batch (the block source).
INSERT INTO {load_table} BY NAME
SELECT * EXCLUDE (reason, raw)
FROM (WITH input AS (SELECT * FROM load_input($batch)) {parse})
WHERE reason IS NULL
