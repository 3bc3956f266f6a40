-- `faultline templates` on logs of a known format: the messages of the log lines just ingested,
-- numbered in file and line order, masked (fl_mask) for the miner. No parameters.
INSERT INTO template_input
SELECT row_number() OVER (ORDER BY f.path, l.line_no) AS line_no, l.ts, l.message, fl_mask(l.message) AS masked
FROM log_lines l JOIN ingested_files f USING (file_id)
