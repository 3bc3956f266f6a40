-- File ids for one run's $n inputs from file_id_seq, in one statement: the first, and all of them
-- as a list only when they are not first .. first + $n - 1 (nextval gives each value once, so $n
-- values spanning $n numbers are that range). Parameters: $n.
SELECT min(id) AS first_id, CASE WHEN max(id) - min(id) + 1 <> count(*) THEN list(id ORDER BY id) END AS ids
FROM (SELECT nextval('file_id_seq') AS id FROM range($n))
