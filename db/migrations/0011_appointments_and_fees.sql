-- Fidelity to the source document (issue 18, residential):
-- * appointments set the due times (seed §5(4), "按照約定的時間");
-- * "overdue" is stored once per request, as the domain decides it
--   (OverdueAt), so that listing, escalating and counting agree;
-- * the case-by-case fee (row 46, 視情況開展): the desk decides FREE or
--   QUOTED when registering;
-- * work the resident does not accept goes back for rework, counted.

ALTER TABLE service_items DROP CONSTRAINT service_items_fee_kind_check;
ALTER TABLE service_items ADD CONSTRAINT service_items_fee_kind_check
  CHECK (fee_kind IN ('FREE', 'FIXED', 'QUOTED', 'CASE_BY_CASE'));
ALTER TABLE service_requests DROP CONSTRAINT service_requests_fee_kind_check;
ALTER TABLE service_requests ADD CONSTRAINT service_requests_fee_kind_check
  CHECK (fee_kind IN ('FREE', 'FIXED', 'QUOTED', 'CASE_BY_CASE'));

-- Existing communities keep their published catalogue; only the default
-- row 46 takes the document's case-by-case fee.
UPDATE service_items SET fee_kind = 'CASE_BY_CASE', version = version + 1
WHERE code = 'OTHER_REASONABLE' AND fee_kind = 'QUOTED';

ALTER TABLE service_requests
  ADD COLUMN reworks    integer NOT NULL DEFAULT 0 CHECK (reworks >= 0),
  -- The moment the request becomes overdue in its current state; NULL when
  -- it cannot (closed, QUOTED, or no due time). Written by the server on
  -- every insert and update from the domain's OverdueAt.
  ADD COLUMN overdue_at timestamptz;

-- Requests with an agreed window: due by the window, as SetDueTimes now
-- decides (response by its start; completion by its end, or later when the
-- item's completion target counted from the start ends later).
UPDATE service_requests r SET
  response_due_at = r.window_start,
  completion_due_at = CASE
    WHEN i.completion_target_s > 0 THEN GREATEST(
      r.window_end, r.window_start + make_interval(secs => i.completion_target_s))
    ELSE r.window_end END
FROM service_items i
WHERE i.id = r.item_id AND r.window_start IS NOT NULL;

-- OverdueAt for the rows already stored (the server keeps it from now on).
UPDATE service_requests SET overdue_at = CASE
  WHEN state IN ('COMPLETED', 'SIGNED_OFF', 'SETTLED', 'CANCELLED', 'QUOTED')
    THEN NULL
  ELSE LEAST(CASE WHEN state <> 'IN_PROGRESS' THEN response_due_at END,
             completion_due_at) END;

-- Listing overdue requests per site, and the sweeper's work queue.
DROP INDEX service_requests_open_due;
CREATE INDEX service_requests_overdue ON service_requests (site_id, id)
  WHERE overdue_at IS NOT NULL;
CREATE INDEX service_requests_escalation ON service_requests (id)
  WHERE overdue_at IS NOT NULL AND escalation_level < 2;
-- Appointments per day (a supervisor's "tomorrow's jobs").
CREATE INDEX service_requests_by_window ON service_requests (site_id, window_start)
  WHERE window_start IS NOT NULL;

-- Reworks in the quality figures: declined sign-offs per period.
CREATE INDEX task_events_declined ON task_events (site_id, created_at)
  WHERE action = 'DECLINE_SIGN_OFF';
ALTER TABLE evaluations ADD COLUMN report_reworks bigint NOT NULL DEFAULT 0;
