-- The templates mined by `faultline templates`: lines, share, first and last seen (time, or line
-- number for plain text), an example line; most frequent first. Reads the temp tables
-- template_input, template_map (masked → template_id) and template_patterns. No parameters.
SELECT
    m.template_id,
    count(*) AS lines,
    round(count(*) / sum(count(*)) OVER (), 4) AS share,
    coalesce(fl_iso(min(i.ts)), min(i.line_no)::VARCHAR) AS first_seen,
    coalesce(fl_iso(max(i.ts)), max(i.line_no)::VARCHAR) AS last_seen,
    any_value(p.pattern) AS pattern,
    arg_min(i.message, i.line_no) AS example
FROM template_input i
JOIN template_map m USING (masked)
JOIN template_patterns p USING (template_id)
GROUP BY m.template_id
ORDER BY lines DESC, m.template_id
