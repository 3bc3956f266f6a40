-- The ingested streams whose fingerprint covers $head_bytes bytes and equals $fingerprint, under
-- the same Hive-style path hints (a rotation stays in its directory; identical content under
-- another host's directory is another stream), the one read furthest first.
-- Parameters: $head_bytes, $fingerprint, $region, $host, $service.
SELECT *
FROM ingested_files
WHERE head_bytes = $head_bytes AND fingerprint = $fingerprint
  AND region IS NOT DISTINCT FROM $region
  AND host IS NOT DISTINCT FROM $host
  AND service IS NOT DISTINCT FROM $service
ORDER BY offset_bytes DESC
