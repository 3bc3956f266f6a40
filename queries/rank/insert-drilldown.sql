-- One drill-down value. Parameters: $id, $dimension, $value, $share_during, $share_before, $failures.
INSERT INTO incident_drilldown (incident_id, dimension, value, share_during, share_before, failures)
VALUES ($id, $dimension, $value, $share_during, $share_before, $failures)
