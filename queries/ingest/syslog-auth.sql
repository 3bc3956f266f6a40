-- Logins among the syslog lines just loaded become auth_events (user names may hold spaces:
-- attackers send them). sshd: "Failed password for [invalid user] U from IP port P", "Accepted
-- publickey for U from IP port P", "Invalid user U from IP [port P]". Any program through PAM
-- (su, sudo, login, ftpd, sshd(pam_unix)...): "authentication failure; ... rhost=IP [user=U]" —
-- except in sshd's own lines ("pam_unix(sshd:auth): authentication failure", "PAM 1 more
-- authentication failure"), which repeat its "Failed password" lines for the same attempts.
-- The lines just loaded: load_files (session.sql). No parameters.
INSERT INTO auth_events (ts, region, host, service, outcome, method, user_name, source_ip, port, file_id, line_no)
SELECT
    ts, region, host, service,
    CASE WHEN a.verdict = 'Accepted' THEN 'success' WHEN a.verdict = 'Failed' OR c.pam <> '' THEN 'failure' ELSE 'invalid_user' END,
    CASE WHEN a.verdict <> '' THEN nullif(a.method, '') WHEN c.pam <> '' THEN 'pam' END,
    CASE WHEN a.verdict <> '' THEN a.user_name WHEN b.ip <> '' THEN b.user_name ELSE nullif(c.user_name, '') END,
    CASE WHEN a.verdict <> '' THEN a.ip WHEN b.ip <> '' THEN b.ip ELSE nullif(c.ip, '') END,
    try_cast(CASE WHEN a.verdict <> '' THEN a.port ELSE b.port END AS INTEGER),
    file_id, line_no
FROM (
    SELECT
        x.*,
        regexp_extract(message, '^(Failed|Accepted) (\S+) for (?:invalid user )?(.*?) from (\S+) port ([0-9]+)',
                       ['verdict', 'method', 'user_name', 'ip', 'port']) AS a,
        regexp_extract(message, '^Invalid user (\S*) from (\S+)(?: port ([0-9]+))?', ['user_name', 'ip', 'port']) AS b,
        regexp_extract(message, '(authentication failure);.*?\brhost=(\S*)(?:\s+user=(\S+))?', ['pam', 'ip', 'user_name']) AS c
    FROM log_lines x JOIN load_files f ON f.file_id = x.file_id AND x.line_no >= f.first_line
    WHERE (service = 'sshd' OR message LIKE '%authentication failure;%')
)
WHERE a.verdict <> '' OR b.ip <> '' OR (c.pam <> '' AND service <> 'sshd')
