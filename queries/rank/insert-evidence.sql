-- One measured fact. Parameters: $id, $cause, $fact, $now, $usual, $strength, $text.
INSERT INTO incident_evidence (incident_id, cause, fact, now, usual, strength, text)
VALUES ($id, $cause, $fact, $now::DOUBLE, $usual::DOUBLE, $strength, $text)
