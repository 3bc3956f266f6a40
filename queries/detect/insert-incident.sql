-- One incident row. Parameters: $id, $start, $end, $regions, $symptoms, $severity, $peak,
-- $requests, $failed, $clients, $missing, $summary, $status, $phases (JSON text).
INSERT INTO incidents (id, start_ts, end_ts, regions, symptoms, severity, peak_score, requests, failed_requests,
                       clients, missing_requests, summary, status, phases)
VALUES ($id, $start, $end, $regions::VARCHAR[], $symptoms::VARCHAR[], $severity, $peak, $requests, $failed,
        $clients, $missing, $summary, $status, $phases::JSON)
ON CONFLICT (id) DO UPDATE SET end_ts = greatest(incidents.end_ts, excluded.end_ts)
