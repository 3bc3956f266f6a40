-- The ranked causes, their measured facts and the drill-down of a ranking run, all incidents at
-- once (a statement per row cost ~2 ms each: 130 of them for the sample's 5 incidents).
-- Parameters: JSON arrays of objects, one per row —
--   $causes:    incident_id, rank, cause, score, evidence (an array of strings);
--   $evidence:  incident_id, cause, fact, now, usual, strength, text;
--   $drilldown: incident_id, dimension, value, share_during, share_before, failures.
INSERT INTO incident_causes (incident_id, rank, cause, score, evidence)
SELECT incident_id, rank, cause, score, evidence
FROM (SELECT unnest(from_json($causes, '[{"incident_id": "VARCHAR", "rank": "INTEGER", "cause": "VARCHAR", "score": "DOUBLE", "evidence": ["VARCHAR"]}]'), recursive := true));

INSERT INTO incident_evidence (incident_id, cause, fact, now, usual, strength, text)
SELECT incident_id, cause, fact, now, usual, strength, text
FROM (SELECT unnest(from_json($evidence, '[{"incident_id": "VARCHAR", "cause": "VARCHAR", "fact": "VARCHAR", "now": "DOUBLE", "usual": "DOUBLE", "strength": "DOUBLE", "text": "VARCHAR"}]'), recursive := true));

INSERT INTO incident_drilldown (incident_id, dimension, value, share_during, share_before, failures)
SELECT incident_id, dimension, value, share_during, share_before, failures
FROM (SELECT unnest(from_json($drilldown, '[{"incident_id": "VARCHAR", "dimension": "VARCHAR", "value": "VARCHAR", "share_during": "DOUBLE", "share_before": "DOUBLE", "failures": "BIGINT"}]'), recursive := true));
