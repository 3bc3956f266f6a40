-- Insert the templates of one mining run, or widen the patterns of known ones; keep the earliest
-- first_seen. Reads the temp table template_upserts (template_id, pattern, first_seen), filled
-- by the miner. No parameters.
INSERT INTO templates (template_id, pattern, first_seen, lines)
SELECT template_id, pattern, first_seen::TIMESTAMPTZ, 0 FROM template_upserts
ON CONFLICT (template_id) DO UPDATE SET
    pattern = excluded.pattern,
    first_seen = least(templates.first_seen, excluded.first_seen)
