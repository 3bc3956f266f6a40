-- The ingested streams whose fingerprint covers $head_bytes bytes and equals $fingerprint,
-- the one read furthest first. Parameters: $head_bytes, $fingerprint.
SELECT *
FROM ingested_files
WHERE head_bytes = $head_bytes AND fingerprint = $fingerprint
ORDER BY offset_bytes DESC
