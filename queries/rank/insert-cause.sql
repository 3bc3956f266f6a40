-- One ranked cause. Parameters: $id, $rank, $cause, $score, $evidence (a JSON array of strings).
INSERT INTO incident_causes (incident_id, rank, cause, score, evidence) VALUES ($id, $rank, $cause, $score, $evidence::JSON::VARCHAR[])
