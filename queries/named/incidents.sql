-- Incidents with their ranked causes, newest first: the data behind `faultline incidents` and the
-- CONTRACT section 4 JSON. No parameters.
SELECT
    i.id,
    strftime(i.start_ts, '%Y-%m-%dT%H:%M:%SZ') AS start,
    strftime(i.end_ts, '%Y-%m-%dT%H:%M:%SZ') AS "end",
    i.regions,
    i.symptoms,
    i.severity,
    i.requests,
    i.failed_requests,
    i.clients,
    i.missing_requests,
    i.summary,
    coalesce((
        SELECT list({'cause': c.cause, 'score': round(c.score, 3), 'evidence': c.evidence} ORDER BY c.rank)
        FROM incident_causes c WHERE c.incident_id = i.id
    ), []) AS causes
FROM incidents i
ORDER BY i.start_ts DESC, i.id
