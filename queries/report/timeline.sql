-- A status-page timeline per region of an incident: detected (first alarmed bucket), worst (the
-- highest-scoring bucket), recovering (the first bucket after the worst with nothing above 0.9),
-- resolved (the end of its last alarmed bucket). Parameters: $id.
WITH i AS (SELECT * FROM incidents WHERE id = $id),
a AS (
    SELECT a.region, a.bucket_start, a.bucket_seconds, max(a.score) AS score
    FROM anomalies a, i
    WHERE list_contains(i.regions, a.region) AND a.bucket_start >= i.start_ts AND a.bucket_start < i.end_ts
    GROUP BY ALL
),
worst AS (SELECT region, arg_max(bucket_start, score) AS worst_at, max(score) AS worst_score FROM a GROUP BY region)
SELECT
    a.region,
    strftime(min(a.bucket_start), '%Y-%m-%dT%H:%M:%SZ') AS detected,
    strftime(any_value(w.worst_at), '%Y-%m-%dT%H:%M:%SZ') AS worst,
    strftime(min(a.bucket_start) FILTER (WHERE a.bucket_start > w.worst_at AND a.score < 0.9), '%Y-%m-%dT%H:%M:%SZ') AS recovering,
    strftime(max(a.bucket_start + to_seconds(a.bucket_seconds)), '%Y-%m-%dT%H:%M:%SZ') AS resolved
FROM a JOIN worst w USING (region)
GROUP BY a.region
ORDER BY detected, a.region
