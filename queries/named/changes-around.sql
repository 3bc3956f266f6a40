-- Change events around an incident (from an hour before its start to its end), in its regions.
-- Parameters: $incident (an incident id; required).
SELECT
    c.region,
    fl_iso(c.ts) AS at,
    c.kind,
    c.service,
    c.version,
    c.host,
    round(date_diff('second', i.start_ts, c.ts) / 60.0, 1) AS minutes_from_start,
    c.message
FROM incidents i
JOIN changes c ON list_contains(i.regions, c.region)
WHERE i.id = $incident
  AND c.ts >= i.start_ts - INTERVAL 1 HOUR AND c.ts <= i.end_ts + INTERVAL 10 MINUTE
ORDER BY c.ts, c.region, c.host
