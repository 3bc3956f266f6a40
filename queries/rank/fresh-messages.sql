-- The distinct masked messages of the new lines that no earlier run has mined, numbered (k) in
-- the order the miner takes them: first seen first (temp table fresh_messages). Reads the temp
-- table new_messages. No parameters.
CREATE OR REPLACE TEMP TABLE fresh_messages AS
SELECT row_number() OVER (ORDER BY first_seen, masked)::INTEGER AS k, masked, first_seen
FROM (
    SELECT masked, min(ts) AS first_seen
    FROM new_messages
    WHERE masked NOT IN (SELECT masked FROM template_members)
    GROUP BY masked
)
