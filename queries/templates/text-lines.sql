-- `faultline templates --format text`: every line of a file as a message, numbered in file order
-- after the lines already staged, masked (fl_mask) for the miner. Appends to the temp table
-- template_input. Parameters: $file, $first_line.
INSERT INTO template_input
SELECT $first_line::BIGINT + i - 1 AS line_no, NULL::TIMESTAMPTZ AS ts, message, fl_mask(message) AS masked
FROM (
    SELECT unnest(lines) AS message, generate_subscripts(lines, 1) AS i
    FROM (SELECT string_split(regexp_replace(content, '\r?\n$', ''), chr(10)) AS lines FROM read_text($file))
)
