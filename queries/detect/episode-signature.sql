-- What one region's episode of trouble is, by its evidence, to tell one event from another across
-- regions and pauses: the change (service and version) logged in its region from $lead_minutes
-- before its onset to 2 minutes after it (the latest), and the error-message template most
-- frequent in it that its region did not log in the hour before its onset.
-- Parameters: $region, $start, $end (TIMESTAMPTZ), $lead_minutes.
SELECT
    (SELECT concat_ws(' ', service, version)
     FROM changes
     WHERE region = $region AND (service IS NOT NULL OR version IS NOT NULL)
       AND ts >= $start::TIMESTAMPTZ - to_minutes($lead_minutes::INTEGER) AND ts <= $start::TIMESTAMPTZ + INTERVAL 2 MINUTE
     ORDER BY ts DESC
     LIMIT 1) AS change,
    (SELECT l.template_id
     FROM log_lines l
     WHERE l.region = $region AND l.ts >= $start AND l.ts < $end AND l.level IN ('error', 'fatal') AND l.template_id IS NOT NULL
       AND l.template_id NOT IN (
           SELECT b.template_id FROM log_lines b
           WHERE b.region = $region AND b.ts >= $start::TIMESTAMPTZ - INTERVAL 1 HOUR AND b.ts < $start AND b.template_id IS NOT NULL)
     GROUP BY l.template_id
     ORDER BY count(*) DESC, l.template_id
     LIMIT 1) AS template
