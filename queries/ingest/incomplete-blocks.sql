-- Lines loaded per block of a batch, so that only the blocks that gave fewer loaded lines than
-- they hold are parsed again for their rejects and ignored lines (stage-missing.sql). A block's
-- bin ends at its last line; a line that gave several rows ({distinct}: formats with many rows a
-- line) counts once. Placeholders filled in by the ingest code. Parameters: $file_id,
-- $first_line, $next_line (the batch's line range), $block_last (each block's last line, ascending).
SELECT unnest(map_keys(h)) AS last_line, unnest(map_values(h)) AS loaded
FROM (
    SELECT histogram(line_no, $block_last::BIGINT[]) AS h
    FROM (
        SELECT {distinct} line_no
        FROM {load_table}
        WHERE file_id = $file_id AND line_no >= $first_line AND line_no < $next_line
    )
)
