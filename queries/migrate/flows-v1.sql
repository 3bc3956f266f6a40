-- A database written before flow_records existed kept host and region in every flow record, in a
-- table `flows`, renamed `flows_v1` by the opening code before the schema made `flows` a view.
-- Its records and their origins move to the new tables. No parameters.
INSERT INTO flow_records BY NAME SELECT * EXCLUDE (region, host) FROM flows_v1;
INSERT INTO flow_origins (file_id, region, host)
SELECT file_id, any_value(region), any_value(host) FROM flows_v1 GROUP BY file_id;
DROP TABLE flows_v1;
