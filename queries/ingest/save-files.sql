-- Record how far each stream of a load has been read (insert or update its ingested_files row).
-- $files: a JSON array, one object per stream with the columns below but first_read/last_read.
INSERT INTO ingested_files AS f
    (file_id, path, format, compressed, fingerprint, head_bytes, device, inode, size_bytes, offset_bytes, next_line, lines, lines_loaded, rows_loaded, rejects, ignored, region, host, service, first_read, last_read)
SELECT file_id, path, format, compressed, fingerprint, head_bytes, device, inode, size_bytes, offset_bytes, next_line, lines, lines_loaded, rows_loaded, rejects, ignored, region, host, service, now(), now()
-- (Each element parsed by itself: from_json of the whole array as a list of structs took 270 ms
-- for 10,000 files, element by element 35 ms.)
FROM (SELECT unnest(from_json(value, '{"file_id": "BIGINT", "path": "VARCHAR", "format": "VARCHAR", "compressed": "BOOLEAN", "fingerprint": "VARCHAR", "head_bytes": "INTEGER", "device": "BIGINT", "inode": "BIGINT", "size_bytes": "BIGINT", "offset_bytes": "BIGINT", "next_line": "BIGINT", "lines": "BIGINT", "lines_loaded": "BIGINT", "rows_loaded": "BIGINT", "rejects": "BIGINT", "ignored": "BIGINT", "region": "VARCHAR", "host": "VARCHAR", "service": "VARCHAR"}')) FROM json_each($files))
ON CONFLICT (file_id) DO UPDATE SET
    path = excluded.path,
    format = excluded.format,
    compressed = excluded.compressed,
    fingerprint = excluded.fingerprint,
    head_bytes = excluded.head_bytes,
    device = excluded.device,
    inode = excluded.inode,
    size_bytes = excluded.size_bytes,
    offset_bytes = excluded.offset_bytes,
    next_line = excluded.next_line,
    lines = excluded.lines,
    lines_loaded = excluded.lines_loaded,
    ignored = excluded.ignored,
    rows_loaded = excluded.rows_loaded,
    rejects = excluded.rejects,
    region = excluded.region,
    host = excluded.host,
    service = excluded.service,
    last_read = now()
