-- The latest time in the data: what `export --since 2h` counts back from. No parameters.
SELECT epoch_ms(max(t)) AS end_ms FROM (
    SELECT max(ts) AS t FROM http_requests
    UNION ALL SELECT max(ts) FROM log_lines
    UNION ALL SELECT max(ts) FROM metric_samples
    UNION ALL SELECT max(start_ts) FROM flows
)
