-- Top error and warning message templates by region in a window, with how many are new in it.
-- Parameters: $region, $since, $until (optional; default all), $limit (default 20).
SELECT
    l.region,
    t.template_id,
    t.pattern,
    count(*) AS lines,
    count(*) FILTER (WHERE l.level IN ('error', 'fatal')) AS errors,
    fl_iso(t.first_seen) AS first_seen,
    t.first_seen >= coalesce($since::TIMESTAMPTZ, '-infinity'::TIMESTAMPTZ) AS new_in_window
FROM log_lines l
JOIN templates t USING (template_id)
WHERE l.level IN ('warn', 'error', 'fatal')
  AND ($region IS NULL OR l.region = $region)
  AND l.ts >= coalesce($since::TIMESTAMPTZ, '-infinity'::TIMESTAMPTZ)
  AND l.ts < coalesce($until::TIMESTAMPTZ, 'infinity'::TIMESTAMPTZ)
GROUP BY ALL
ORDER BY lines DESC, l.region, t.template_id
LIMIT coalesce($limit::INTEGER, 20)
