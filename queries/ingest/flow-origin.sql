-- The host and region of each flow log file of a load (load-files.sql), kept once for all its
-- records; a file read again keeps the origin it was first given. No parameters.
INSERT INTO flow_origins (file_id, region, host)
SELECT file_id, file_region, file_host FROM load_files
ON CONFLICT DO NOTHING
