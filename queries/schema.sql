-- The faultline store: every table and view. Idempotent: applied each time a database is opened.
-- No parameters. Times are TIMESTAMPTZ in UTC; every row loaded from a log carries
-- (file_id, line_no) pointing back to ingested_files and the line it came from.

CREATE SEQUENCE IF NOT EXISTS file_id_seq START 1;

-- One row per distinct log stream read (a file and its rotations, or stdin content).
CREATE TABLE IF NOT EXISTS ingested_files (
    file_id      BIGINT PRIMARY KEY,
    path         VARCHAR NOT NULL,      -- path last read from; '-' for stdin
    format       VARCHAR NOT NULL,      -- access | jsonl | influx | vpcflow | syslog | errorlog
    compressed   BOOLEAN NOT NULL,      -- last read through gzip
    fingerprint  VARCHAR NOT NULL,      -- sha256 (hex) of the first head_bytes bytes of the content
    head_bytes   INTEGER NOT NULL,      -- how many content bytes the fingerprint covers (<= 1024)
    device       BIGINT,                -- st_dev / st_ino when last read (NULL for stdin)
    inode        BIGINT,
    size_bytes   BIGINT,                -- on-disk size when last read
    offset_bytes BIGINT NOT NULL,       -- content bytes consumed so far (decompressed for .gz)
    next_line    BIGINT NOT NULL,       -- physical number of the next line to read (1-based)
    lines        BIGINT NOT NULL,       -- non-empty lines read so far
    lines_loaded BIGINT NOT NULL,       -- lines that gave rows (lines = lines_loaded + rejects + ignored)
    rows_loaded  BIGINT NOT NULL,       -- rows they gave (influx: one per numeric field)
    rejects      BIGINT NOT NULL,       -- lines that went to rejects
    ignored      BIGINT NOT NULL,       -- comment and header lines
    region       VARCHAR,               -- region / host / service given by the path (Hive segments)
    host         VARCHAR,
    service      VARCHAR,
    first_read   TIMESTAMPTZ NOT NULL,
    last_read    TIMESTAMPTZ NOT NULL
);

-- Access-log requests (nginx/Apache combined or common).
CREATE TABLE IF NOT EXISTS http_requests (
    ts              TIMESTAMPTZ NOT NULL,
    region          VARCHAR NOT NULL,
    host            VARCHAR NOT NULL,
    service         VARCHAR,
    client_ip       VARCHAR,
    remote_user     VARCHAR,
    method          VARCHAR,
    path            VARCHAR,
    protocol        VARCHAR,
    status          SMALLINT,
    bytes           BIGINT,
    referer         VARCHAR,
    user_agent      VARCHAR,
    request_time_s  DOUBLE,               -- $request_time when logged
    upstream_time_s DOUBLE,               -- $upstream_response_time (sum over upstream tries)
    file_id         BIGINT NOT NULL,
    line_no         BIGINT NOT NULL
);

-- Application and system log lines (jsonl, syslog).
CREATE TABLE IF NOT EXISTS log_lines (
    ts          TIMESTAMPTZ NOT NULL,
    region      VARCHAR NOT NULL,
    host        VARCHAR NOT NULL,
    service     VARCHAR,                  -- JSON service, or the syslog program
    source      VARCHAR NOT NULL,         -- the format: jsonl | syslog | errorlog
    level       VARCHAR,                  -- lower-case: debug, info, warn, error, fatal ...
    message     VARCHAR,
    status      SMALLINT,
    latency_ms  DOUBLE,
    event       VARCHAR,
    version     VARCHAR,
    pid         INTEGER,
    attrs       JSON,                     -- every key not listed above (jsonl), structured data (syslog)
    file_id     BIGINT NOT NULL,
    line_no     BIGINT NOT NULL,
    template_id INTEGER                   -- the message's template (templates), set by detect
);

-- Numeric samples from metrics (influx line protocol): one row per numeric field.
CREATE TABLE IF NOT EXISTS metric_samples (
    ts          TIMESTAMPTZ NOT NULL,
    region      VARCHAR NOT NULL,
    host        VARCHAR NOT NULL,
    measurement VARCHAR NOT NULL,
    field       VARCHAR NOT NULL,
    value       DOUBLE NOT NULL,
    tags        MAP(VARCHAR, VARCHAR),
    file_id     BIGINT NOT NULL,
    line_no     BIGINT NOT NULL
);

-- VPC flow log records (version 2 default fields), as read. A flow log names no host nor region:
-- they are the file's (flow_origins), kept once per file, not once per record. Read them
-- together through the view `flows`.
CREATE TABLE IF NOT EXISTS flow_records (
    start_ts     TIMESTAMPTZ,
    end_ts       TIMESTAMPTZ,
    version      INTEGER,
    account_id   VARCHAR,
    interface_id VARCHAR,
    srcaddr      VARCHAR,
    dstaddr      VARCHAR,
    srcport      INTEGER,
    dstport      INTEGER,
    protocol     INTEGER,
    packets      BIGINT,
    bytes        BIGINT,
    action       VARCHAR,                 -- ACCEPT | REJECT | NULL for NODATA/SKIPDATA
    log_status   VARCHAR,                 -- OK | NODATA | SKIPDATA
    file_id      BIGINT NOT NULL,
    line_no      BIGINT NOT NULL
);

-- The host and region of each flow log file, by the region rules (path, inventory, --region),
-- as worked out when the file was first read.
CREATE TABLE IF NOT EXISTS flow_origins (
    file_id      BIGINT PRIMARY KEY,
    region       VARCHAR NOT NULL,
    host         VARCHAR NOT NULL
);

-- VPC flow log records with their host and region: what to query.
CREATE OR REPLACE VIEW flows AS
SELECT r.start_ts, r.end_ts, o.region, o.host, r.version, r.account_id, r.interface_id, r.srcaddr,
       r.dstaddr, r.srcport, r.dstport, r.protocol, r.packets, r.bytes, r.action, r.log_status,
       r.file_id, r.line_no
FROM flow_records r
JOIN flow_origins o USING (file_id);

-- Logins seen in sshd syslog lines: failures, successes, invalid users. Also kept in log_lines.
CREATE TABLE IF NOT EXISTS auth_events (
    ts         TIMESTAMPTZ NOT NULL,
    region     VARCHAR NOT NULL,
    host       VARCHAR NOT NULL,
    service    VARCHAR,
    outcome    VARCHAR NOT NULL,          -- failure | success | invalid_user
    method     VARCHAR,                   -- password | publickey | keyboard-interactive/pam ...
    user_name  VARCHAR,
    source_ip  VARCHAR,
    port       INTEGER,
    file_id    BIGINT NOT NULL,
    line_no    BIGINT NOT NULL
);

-- Change events (deploy, config_change, maintenance, restart, rollback); also kept in log_lines.
CREATE TABLE IF NOT EXISTS changes (
    ts       TIMESTAMPTZ NOT NULL,
    region   VARCHAR NOT NULL,
    host     VARCHAR NOT NULL,
    service  VARCHAR,
    kind     VARCHAR NOT NULL,
    version  VARCHAR,
    message  VARCHAR,
    file_id  BIGINT NOT NULL,
    line_no  BIGINT NOT NULL
);

-- Lines that could not be parsed: nothing is dropped silently.
CREATE TABLE IF NOT EXISTS rejects (
    file_id  BIGINT NOT NULL,
    path     VARCHAR NOT NULL,
    format   VARCHAR NOT NULL,
    line_no  BIGINT NOT NULL,
    reason   VARCHAR NOT NULL,
    raw      VARCHAR NOT NULL             -- the line, cut at 4 KiB
);

-- Named signals the detectors use, from the raw metric samples (Telegraf names). `kind` says
-- whether the value is a level (gauge) or a running total whose rate matters (counter).
CREATE OR REPLACE VIEW v_signals AS
SELECT ts, region, host, signal, value, kind
FROM (
    SELECT ts, region, host,
        CASE WHEN measurement = 'cpu' AND field = 'usage_idle' THEN 100 - value ELSE value END AS value,
        CASE
            WHEN measurement = 'cpu' AND field = 'usage_idle' AND coalesce(tags['cpu'], 'cpu-total') = 'cpu-total' THEN 'cpu_busy_pct'
            WHEN measurement = 'mem' AND field = 'used_percent' THEN 'mem_used_pct'
            WHEN measurement = 'ping' AND field = 'average_response_ms' THEN 'rtt_ms'
            WHEN measurement = 'ping' AND field = 'percent_packet_loss' THEN 'loss_pct'
            WHEN measurement = 'net' AND field IN ('drop_in', 'drop_out') THEN 'net_drops'
            WHEN measurement = 'net' AND field IN ('err_in', 'err_out') THEN 'net_errors'
            WHEN measurement IN ('net', 'nstat') AND field IN ('tcp_retranssegs', 'TcpRetransSegs') THEN 'tcp_retransmits'
        END AS signal,
        CASE WHEN measurement IN ('net', 'nstat') THEN 'counter' ELSE 'gauge' END AS kind
    FROM metric_samples
)
WHERE signal IS NOT NULL;

-- Time ranges per region touched by ingest since the buckets were last refreshed.
CREATE TABLE IF NOT EXISTS bucket_dirty (
    region  VARCHAR NOT NULL,
    from_ts TIMESTAMPTZ NOT NULL,
    to_ts   TIMESTAMPTZ NOT NULL
);

-- Per region and time bucket: every signal the detectors read (queries/detect/buckets.sql).
CREATE TABLE IF NOT EXISTS region_buckets (
    region          VARCHAR NOT NULL,
    bucket_start    TIMESTAMPTZ NOT NULL,
    bucket_seconds  INTEGER NOT NULL,
    requests        BIGINT NOT NULL,
    s2xx            BIGINT NOT NULL,
    s4xx            BIGINT NOT NULL,
    s5xx            BIGINT NOT NULL,
    s429            BIGINT NOT NULL,
    s503            BIGINT NOT NULL,
    s504            BIGINT NOT NULL,
    p50_ms          DOUBLE,
    p95_ms          DOUBLE,
    p99_ms          DOUBLE,
    clients         BIGINT NOT NULL,
    bytes           BIGINT NOT NULL,
    log_lines       BIGINT NOT NULL,
    error_lines     BIGINT NOT NULL,
    cpu_busy_pct    DOUBLE,               -- mean over hosts and samples
    mem_used_pct    DOUBLE,
    rtt_ms          DOUBLE,
    loss_pct        DOUBLE,
    net_drops       DOUBLE,               -- counter increases within the bucket, summed over hosts
    net_errors      DOUBLE,
    tcp_retransmits DOUBLE,
    flows           BIGINT NOT NULL,
    rejected_flows  BIGINT NOT NULL,
    auth_failures   BIGINT NOT NULL,
    changes         BIGINT NOT NULL
);

-- What the detectors flagged: one row per region, bucket, symptom and signal that fired.
CREATE TABLE IF NOT EXISTS anomalies (
    region         VARCHAR NOT NULL,
    bucket_start   TIMESTAMPTZ NOT NULL,
    bucket_seconds INTEGER NOT NULL,
    symptom        VARCHAR NOT NULL,      -- overload | congestion | error_spike | auth_failures
    signal         VARCHAR NOT NULL,      -- the region_buckets column judged
    observed       DOUBLE,
    expected       DOUBLE,
    score          DOUBLE NOT NULL        -- 0..1
);

-- How much of each region the last detect could judge (written with anomalies): buckets with data,
-- buckets past warm-up with enough history, and which kinds of data the region has.
CREATE TABLE IF NOT EXISTS region_coverage (
    region         VARCHAR PRIMARY KEY,
    bucket_seconds INTEGER NOT NULL,
    buckets        BIGINT NOT NULL,
    judged         BIGINT NOT NULL,
    requests       BOOLEAN NOT NULL,
    metrics        BOOLEAN NOT NULL,
    logs           BOOLEAN NOT NULL
);

-- Anomalies assembled into incidents (docs/incidents.schema.json).
CREATE TABLE IF NOT EXISTS incidents (
    id               VARCHAR PRIMARY KEY,  -- inc-YYYYMMDD-HHMM-<first region>
    start_ts         TIMESTAMPTZ NOT NULL,
    end_ts           TIMESTAMPTZ NOT NULL,
    regions          VARCHAR[] NOT NULL,
    symptoms         VARCHAR[] NOT NULL,
    severity         VARCHAR NOT NULL,     -- low | medium | high | critical
    peak_score       DOUBLE NOT NULL,
    requests         BIGINT NOT NULL,
    failed_requests  BIGINT NOT NULL,      -- 5xx and 429
    clients          BIGINT NOT NULL,      -- distinct clients that got a failed or slow answer
    missing_requests BIGINT NOT NULL,      -- requests expected by the baseline that never came
    summary          VARCHAR
);
-- Added with issue 13 (older databases gain them on open): open | resolved at the end of the data,
-- and per region [{region, detected, worst, recovering, resolved}] (ISO times, null while not reached).
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS status VARCHAR;
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS phases JSON;

-- The measured facts behind each cause's score: `now` against `usual`, and the sentence shown.
CREATE TABLE IF NOT EXISTS incident_evidence (
    incident_id VARCHAR NOT NULL,
    cause       VARCHAR NOT NULL,
    fact        VARCHAR NOT NULL,
    now         DOUBLE,
    usual       DOUBLE,
    strength    DOUBLE NOT NULL,          -- 0..1: how much this fact supports the cause
    text        VARCHAR NOT NULL
);

-- Per incident: the dimension values whose share of the failures grew most against the hour before.
CREATE TABLE IF NOT EXISTS incident_drilldown (
    incident_id  VARCHAR NOT NULL,
    dimension    VARCHAR NOT NULL,         -- service, version, host, path, status, client_net
    value        VARCHAR NOT NULL,
    share_during DOUBLE NOT NULL,
    share_before DOUBLE NOT NULL,
    failures     BIGINT NOT NULL
);

-- Ranked likely causes per incident (filled by the ranker).
CREATE TABLE IF NOT EXISTS incident_causes (
    incident_id VARCHAR NOT NULL,
    rank        INTEGER NOT NULL,
    cause       VARCHAR NOT NULL,
    score       DOUBLE NOT NULL,
    evidence    VARCHAR[] NOT NULL
);

-- Log message templates (Drain-like): variable parts masked, then messages of one kind merged
-- (differing tokens become <*>). Ids are stable across runs: template_members remembers which
-- masked message belongs to which template.
CREATE TABLE IF NOT EXISTS templates (
    template_id INTEGER PRIMARY KEY,
    pattern     VARCHAR NOT NULL,
    first_seen  TIMESTAMPTZ,
    lines       BIGINT NOT NULL DEFAULT 0
);
-- One row per masked message (the miner only adds messages not in it yet); no key index: on a log
-- of 240k distinct messages, keeping one cost 0.5 s of the mining run, and lookups are hash joins.
CREATE TABLE IF NOT EXISTS template_members (
    masked      VARCHAR NOT NULL,
    template_id INTEGER NOT NULL
);

-- A time as every output of faultline writes it: ISO 8601 in UTC to the second, `2026-11-24T07:40:00Z`.
CREATE OR REPLACE MACRO fl_iso(t) AS strftime(t, '%Y-%m-%dT%H:%M:%SZ');

-- A request that failed its user: a server error (5xx) or turned away (429). 401/403 are
-- refusals of the client (fl_denied), counted apart.
CREATE OR REPLACE MACRO fl_failed(status) AS status >= 500 OR status = 429;
CREATE OR REPLACE MACRO fl_denied(status) AS status IN (401, 403);

-- The start of the `seconds`-long bucket holding `t`: buckets are aligned on the epoch (UTC),
-- so every table bucketed by the same width lines up. The same as time_bucket(to_seconds(seconds),
-- t, TIMESTAMPTZ 'epoch'), which goes through the calendar: in microseconds it is 3x faster
-- (0.25 s against 0.08 s for 2M requests by minute); made from the microseconds directly
-- (make_timestamptz), not through seconds as a DOUBLE (to_timestamp), it is faster again (a count
-- of 2M requests by minute: 84 against 110 ms). Infinite times (no epoch_us) stay as they are.
CREATE OR REPLACE MACRO fl_bucket(t, seconds) AS
    coalesce(make_timestamptz(epoch_us(t) - (epoch_us(t) % (seconds * 1000000)::BIGINT
        + (seconds * 1000000)::BIGINT) % (seconds * 1000000)::BIGINT), t);

-- The level of a log line that states none (RFC 3164 without a PRI): 'error' when the message
-- says something failed — error, fail(ed|ure), fatal, denied, refused, panic, timeout / timed
-- out, unable, cannot, segfault, critical, "authentication failure", "POSSIBLE BREAK-IN", out of
-- memory, (exited) abnormally — 'warn' when it warns, else 'info'. Documented in the README
-- (log-only signals).
CREATE OR REPLACE MACRO fl_keyword_level(msg) AS
    CASE
        WHEN regexp_matches(msg, '(?i)\b(error|errors|fail|failed|failure|failures|fatal|denied|refused|panic|timeout|timed out|unable|cannot|segfault|critical|break-in|out of memory|abnormally)\b') THEN 'error'
        WHEN regexp_matches(msg, '(?i)\b(warn|warning)\b') THEN 'warn'
        ELSE 'info'
    END;

-- A message with its variable parts masked: UUIDs, IPs (and ports), hex ids (0x…; digits and
-- a-f mixed, starting with a digit or 8+ long: `4f3a9c`, `deadbeef01`, not the names `ee0` or
-- `eth1`), paths, numbers with their units (durations, sizes: `93.0 B`, `5.2 KB`); a masked value that only annotates the one before
-- it in brackets ("1190 bytes (1.16 KB)") is dropped, so that optional annotations do not change
-- the token count; a run of whitespace, or a tab, becomes one space (replacing runs and tabs only,
-- not every space, saves a third of the masking time). The first step of the template miner.
CREATE OR REPLACE MACRO fl_mask(msg) AS
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        coalesce(msg, ''),
        '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}', '<UUID>', 'g'),
        '\b0[xX][0-9a-fA-F]+\b', '<HEX>', 'g'),
        '\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b', '<IP>', 'g'),
        '\b[0-9][0-9a-fA-F]*[a-fA-F][0-9a-fA-F]*\b|\b[a-fA-F]+[0-9][0-9a-fA-F]{6,}\b|\b[a-fA-F][0-9a-fA-F]{6,}[0-9][0-9a-fA-F]*\b', '<HEX>', 'g'),
        '(^|[\s=(])(/[\w.~%-]+)+/?', '\1<PATH>', 'g'),
        '\b\d+(\.\d+)?(\s?(ms|us|ns|s|sec|secs|seconds|m|min|mins|h|[kKMGTP]?i?[bB]|bytes?)\b|%)?', '<NUM>', 'g'),
        ' [(\[]<NUM>[)\]]', '', 'g'),
        '\s{2,}|[^\S ]', ' ', 'g');

-- Log lines per template, region and minute: "which messages grew" in SQL.
CREATE OR REPLACE VIEW v_template_counts AS
SELECT l.region, time_bucket(INTERVAL 1 MINUTE, l.ts) AS minute, l.template_id, t.pattern, l.level, count(*) AS lines
FROM log_lines l JOIN templates t USING (template_id)
GROUP BY ALL;

-- Stable views for notebooks and BI tools: their columns keep their names and order.
CREATE OR REPLACE VIEW v_region_minute AS
SELECT region, bucket_start AS minute, requests, s5xx, round(s5xx / nullif(requests, 0), 4) AS share_5xx,
       p50_ms, p95_ms, p99_ms, clients, error_lines, cpu_busy_pct, mem_used_pct, rtt_ms, loss_pct,
       net_drops, tcp_retransmits, rejected_flows, auth_failures, changes
FROM region_buckets
WHERE bucket_seconds = 60;

CREATE OR REPLACE VIEW v_incidents AS
SELECT i.id, i.start_ts, i.end_ts, i.regions, i.symptoms, i.severity,
       (SELECT c.cause FROM incident_causes c WHERE c.incident_id = i.id ORDER BY c.rank LIMIT 1) AS top_cause,
       (SELECT c.score FROM incident_causes c WHERE c.incident_id = i.id ORDER BY c.rank LIMIT 1) AS top_score,
       i.requests, i.failed_requests, i.clients, i.missing_requests, i.summary
FROM incidents i;
