-- Insert a template or widen its pattern; keep the earliest first_seen.
-- Parameters: $id, $pattern, $first_seen.
INSERT INTO templates (template_id, pattern, first_seen, lines)
VALUES ($id, $pattern, $first_seen, 0)
ON CONFLICT (template_id) DO UPDATE SET
    pattern = excluded.pattern,
    first_seen = least(templates.first_seen, excluded.first_seen)
