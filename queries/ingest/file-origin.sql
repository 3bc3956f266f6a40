-- The host and region of a file whose records name neither (access and VPC flow logs): the
-- region rules (README, Input formats) from the path, the inventory and --region, worked out once
-- per file. Parameters: $path_host, $path_region, $cli_region.
SELECT f.host, resolve_region(NULL, $path_region, inv.region, $cli_region) AS region
FROM (SELECT resolve_host(NULL, $path_host) AS host) f
LEFT JOIN inventory inv ON inv.host = f.host
