-- Which signals moved first in an incident: each signal's first anomalous bucket.
-- Parameters: $regions (VARCHAR[]), $start, $end.
SELECT signal, fl_iso(min(bucket_start)) AS first_at
FROM anomalies
WHERE list_contains($regions::VARCHAR[], region) AND bucket_start >= $start AND bucket_start < $end
GROUP BY signal
ORDER BY min(bucket_start), signal
