-- Insert the templates of one mining run, or widen the patterns of known ones; keep the earliest
-- first_seen; remember each fresh message's template. Reads the temp tables template_upserts
-- (template_id, pattern), fresh_ids (k, template_id), both filled by the miner, and
-- fresh_messages. No parameters.
INSERT INTO templates (template_id, pattern, first_seen, lines)
SELECT u.template_id, any_value(u.pattern), min(f.first_seen), 0
FROM template_upserts u
JOIN fresh_ids i USING (template_id)
JOIN fresh_messages f USING (k)
GROUP BY u.template_id
ON CONFLICT (template_id) DO UPDATE SET
    pattern = excluded.pattern,
    first_seen = least(templates.first_seen, excluded.first_seen);

INSERT INTO template_members (masked, template_id)
SELECT f.masked, i.template_id
FROM fresh_messages f JOIN fresh_ids i USING (k);
