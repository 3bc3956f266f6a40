-- The strongest anomaly of each signal within an incident: its peak observed value against the
-- usual, strongest first. Parameters: $regions (VARCHAR[]), $start, $end (TIMESTAMPTZ).
SELECT signal, symptom, arg_max(observed, score) AS observed, arg_max(expected, score) AS expected, max(score) AS score
FROM anomalies
WHERE list_contains($regions::VARCHAR[], region) AND bucket_start >= $start AND bucket_start < $end
GROUP BY signal, symptom
ORDER BY score DESC, signal
