-- Incidents with their ranked causes and drill-down, newest first (the data of the JSON document).
-- No parameters.
SELECT
    i.id,
    fl_iso(i.start_ts) AS start,
    fl_iso(i.end_ts) AS "end",
    i.regions,
    i.symptoms,
    i.severity,
    i.requests,
    i.failed_requests,
    i.clients,
    i.missing_requests,
    i.summary,
    i.status,
    i.phases::VARCHAR AS phases,
    coalesce((
        SELECT list({'cause': c.cause, 'score': round(c.score, 3), 'evidence': c.evidence} ORDER BY c.rank)
        FROM incident_causes c WHERE c.incident_id = i.id
    ), []) AS causes,
    coalesce((
        SELECT list({'dimension': d.dimension, 'value': d.value, 'share_during': round(d.share_during, 3),
                     'share_before': round(d.share_before, 3), 'failures': d.failures}
                    ORDER BY d.share_during - d.share_before DESC)
        FROM incident_drilldown d WHERE d.incident_id = i.id
    ), []) AS drilldown
FROM incidents i
ORDER BY i.start_ts DESC, i.id
