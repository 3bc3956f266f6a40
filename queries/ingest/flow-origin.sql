-- The host and region of a flow log file (file-origin.sql), kept once for all its records; a
-- file read again keeps the origin it was first given. Parameters: $file_id, $file_region, $file_host.
INSERT INTO flow_origins (file_id, region, host)
VALUES ($file_id, $file_region, $file_host)
ON CONFLICT DO NOTHING
