-- Export one table as Hive-partitioned Parquet under $dir (…/region=R/date=YYYY-MM-DD/*.parquet),
-- rows with {ts} in [$since, $until). `{table}` and `{ts}` are filled in by the export code from
-- its fixed list, `{range}` with a hex digest of the range (file names). Parameters: $dir,
-- $since, $until (TIMESTAMPTZ or NULL).
COPY (
    SELECT *, strftime({ts}, '%Y-%m-%d') AS date
    FROM {table}
    WHERE {ts} >= coalesce($since::TIMESTAMPTZ, '-infinity'::TIMESTAMPTZ)
      AND {ts} < coalesce($until::TIMESTAMPTZ, 'infinity'::TIMESTAMPTZ)
) TO $dir (FORMAT parquet, PARTITION_BY (region, date), OVERWRITE_OR_IGNORE, FILENAME_PATTERN 'part-{range}-{i}')
