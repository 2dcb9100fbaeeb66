-- Hotel guests' requests (issue 22) run through the same service_requests
-- table and state machine as residents' requests: the site kind decides
-- who the request is for. A residential request is for a household; a
-- hotel request is for a stay (the room and its current guest), and a
-- priced one is charged to that stay when it is done (`consumption_id`).
ALTER TABLE service_requests ALTER COLUMN household_id DROP NOT NULL;
ALTER TABLE service_requests
  ADD COLUMN stay_id bigint,
  ADD COLUMN consumption_id bigint REFERENCES guest_consumption,
  ADD FOREIGN KEY (site_id, stay_id) REFERENCES stays (site_id, id),
  ADD CONSTRAINT service_requests_for_household_or_stay
    CHECK (num_nonnulls(household_id, stay_id) = 1);
CREATE INDEX service_requests_by_stay ON service_requests (stay_id, id)
  WHERE stay_id IS NOT NULL;

-- A room's credential (the QR code in the room): a token for the stay,
-- which works while the stay is open (store/token_repository.cc).
ALTER TABLE tokens ADD COLUMN stay_id bigint REFERENCES stays;
ALTER TABLE tokens DROP CONSTRAINT tokens_check;
ALTER TABLE tokens ADD CONSTRAINT tokens_one_principal
  CHECK (num_nonnulls(admin_id, staff_id, resident_id, partner_id, stay_id) = 1);
CREATE INDEX tokens_by_stay ON tokens (stay_id, id) WHERE stay_id IS NOT NULL;

-- Items a guest asks for again and again teach the profile (issue 22
-- point 4): a guest who has this item at a second stay gets a suggested
-- action for its department with this fact ("AMENITY:pillow=feather_free",
-- housekeeping_rules.h's PreferenceFact); done, it is a LEARNED preference
-- the next stay's checklist applies.
ALTER TABLE service_items ADD COLUMN teaches text NOT NULL DEFAULT '';

-- The hotel's figures in the quality report (issue 22 point 7), kept with
-- each evaluation as its other figures are (QualityCounts in
-- server/domain/quality.h defines them).
ALTER TABLE evaluations
  ADD COLUMN report_actions_suggested bigint NOT NULL DEFAULT 0,
  ADD COLUMN report_actions_done bigint NOT NULL DEFAULT 0,
  ADD COLUMN report_actions_skipped bigint NOT NULL DEFAULT 0,
  ADD COLUMN report_actions_expired bigint NOT NULL DEFAULT 0,
  ADD COLUMN report_approvals bigint NOT NULL DEFAULT 0,
  ADD COLUMN report_approval_seconds bigint NOT NULL DEFAULT 0,
  ADD COLUMN report_gift_spend_minor bigint NOT NULL DEFAULT 0,
  ADD COLUMN report_sales_minor bigint NOT NULL DEFAULT 0;
