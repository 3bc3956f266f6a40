-- sshd logins among the syslog lines just loaded become auth_events (user names may hold spaces:
-- attackers send them): "Failed password for
-- [invalid user] U from IP port P", "Accepted publickey for U from IP port P", "Invalid user U
-- from IP [port P]". Parameters: $file_id, $first_line.
INSERT INTO auth_events (ts, region, host, service, outcome, method, user_name, source_ip, port, file_id, line_no)
SELECT
    ts, region, host, service,
    CASE WHEN a.verdict = 'Accepted' THEN 'success' WHEN a.verdict = 'Failed' THEN 'failure' ELSE 'invalid_user' END,
    nullif(a.method, ''),
    CASE WHEN a.verdict <> '' THEN a.user_name ELSE b.user_name END,
    CASE WHEN a.verdict <> '' THEN a.ip ELSE b.ip END,
    try_cast(CASE WHEN a.verdict <> '' THEN a.port ELSE b.port END AS INTEGER),
    file_id, line_no
FROM (
    SELECT
        *,
        regexp_extract(message, '^(Failed|Accepted) (\S+) for (?:invalid user )?(.*?) from (\S+) port ([0-9]+)',
                       ['verdict', 'method', 'user_name', 'ip', 'port']) AS a,
        regexp_extract(message, '^Invalid user (\S*) from (\S+)(?: port ([0-9]+))?', ['user_name', 'ip', 'port']) AS b
    FROM log_lines
    WHERE file_id = $file_id AND line_no >= $first_line AND service = 'sshd'
)
WHERE a.verdict <> '' OR b.ip <> ''
