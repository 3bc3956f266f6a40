-- Record how far a stream has been read (insert or update its ingested_files row).
-- Parameters: $file_id, $path, $format, $compressed, $fingerprint, $head_bytes, $device, $inode,
-- $size_bytes, $offset_bytes, $next_line, $lines, $lines_loaded, $rows_loaded, $rejects, $ignored, $region, $host, $service.
INSERT INTO ingested_files AS f
    (file_id, path, format, compressed, fingerprint, head_bytes, device, inode, size_bytes, offset_bytes, next_line,
     lines, lines_loaded, rows_loaded, rejects, ignored, region, host, service, first_read, last_read)
VALUES ($file_id, $path, $format, $compressed, $fingerprint, $head_bytes, $device, $inode, $size_bytes,
        $offset_bytes, $next_line, $lines, $lines_loaded, $rows_loaded, $rejects, $ignored, $region, $host, $service, now(), now())
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
