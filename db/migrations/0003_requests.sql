-- Service requests, their append-only event log (also the task feed that
-- WatchTasks streams), materials, and the households' repair-history files.

CREATE TABLE service_requests (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id             bigint NOT NULL REFERENCES sites,
  item_id             bigint NOT NULL,
  fee_kind            text NOT NULL CHECK (fee_kind IN ('FREE', 'FIXED', 'QUOTED')),
  state               text NOT NULL,
  channel             text NOT NULL CHECK (channel IN ('PHONE', 'WALK_IN', 'APP', 'PARTNER')),
  household_id        bigint NOT NULL,
  resident_id         bigint,
  contact_name        text NOT NULL,
  unit                text NOT NULL,
  phone               text NOT NULL DEFAULT '',
  window_start        timestamptz,
  window_end          timestamptz,
  place               text NOT NULL DEFAULT '',
  content             text NOT NULL DEFAULT '',
  requirements        text NOT NULL DEFAULT '',
  entry_granted       boolean NOT NULL DEFAULT false,
  entry_granted_by    text NOT NULL DEFAULT '',
  entry_granted_at    timestamptz,
  registered_by       text NOT NULL,
  currency_code       text NOT NULL,
  agreed_price_minor  bigint CHECK (agreed_price_minor > 0),
  quote_minor         bigint CHECK (quote_minor > 0),
  proposed_price_minor bigint CHECK (proposed_price_minor > 0),
  quoted_by           text NOT NULL DEFAULT '',
  price_decided_by    text NOT NULL DEFAULT '',
  department_id       bigint NOT NULL,
  assignee_id         bigint,
  response_due_at     timestamptz,
  completion_due_at   timestamptz,
  escalation_level    integer NOT NULL DEFAULT 0,
  started_at          timestamptz,
  completed_at        timestamptz,
  completion_notes    text NOT NULL DEFAULT '',
  minutes_spent       integer NOT NULL DEFAULT 0 CHECK (minutes_spent >= 0),
  signature_name      text NOT NULL DEFAULT '',
  signed_off_at       timestamptz,
  settled_minor       bigint,
  settled_by          text NOT NULL DEFAULT '',
  settled_at          timestamptz,
  cancel_reason       text NOT NULL DEFAULT '',
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  version             bigint NOT NULL DEFAULT 1,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, item_id) REFERENCES service_items (site_id, id),
  FOREIGN KEY (site_id, household_id) REFERENCES households (site_id, id),
  FOREIGN KEY (site_id, resident_id) REFERENCES residents (site_id, id),
  FOREIGN KEY (site_id, department_id) REFERENCES departments (site_id, id),
  FOREIGN KEY (site_id, assignee_id) REFERENCES staff (site_id, id),
  -- Settled means settled at the agreed price, once.
  CHECK (settled_minor IS NULL OR settled_minor = agreed_price_minor)
);
CREATE INDEX service_requests_by_site ON service_requests (site_id, id);
CREATE INDEX service_requests_by_household ON service_requests (household_id, id);
CREATE INDEX service_requests_by_department ON service_requests (department_id, id);
CREATE INDEX service_requests_by_assignee ON service_requests (assignee_id, id)
  WHERE assignee_id IS NOT NULL;
-- The sweeper's work queue: open requests with a due time.
CREATE INDEX service_requests_open_due ON service_requests (site_id, id)
  WHERE state NOT IN ('COMPLETED', 'SIGNED_OFF', 'SETTLED', 'CANCELLED')
    AND escalation_level < 2;

CREATE TABLE request_materials (
  request_id      bigint NOT NULL REFERENCES service_requests,
  position        integer NOT NULL,
  description_zh  text NOT NULL DEFAULT '',
  description_en  text NOT NULL DEFAULT '',
  cost_minor      bigint NOT NULL CHECK (cost_minor >= 0),
  PRIMARY KEY (request_id, position)
);

-- Every move of every request, in commit order for watchers: `xid` is the
-- writing transaction's id, and a reader only takes events whose xid is
-- older than every transaction still running, so an event can never appear
-- behind a cursor that already passed its place.
CREATE TABLE task_events (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  xid            xid8 NOT NULL DEFAULT pg_current_xact_id(),
  site_id        bigint NOT NULL REFERENCES sites,
  request_id     bigint NOT NULL REFERENCES service_requests,
  -- Where the request is after the move, and where it was before (so the
  -- department or person it left hears about it too).
  department_id  bigint NOT NULL,
  assignee_id    bigint,
  from_department_id bigint,
  from_assignee_id   bigint,
  action         text NOT NULL,
  before_state   text,
  after_state    text NOT NULL,
  actor          text NOT NULL,
  actor_role     text NOT NULL,
  note           text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL
);
CREATE INDEX task_events_by_position ON task_events (xid, id);
CREATE INDEX task_events_by_request ON task_events (request_id, id);

-- The log is never rewritten.
CREATE FUNCTION task_events_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'task_events is append-only' USING ERRCODE = '42501';
END;
$$;
CREATE TRIGGER task_events_no_update BEFORE UPDATE OR DELETE ON task_events
  FOR EACH ROW EXECUTE FUNCTION task_events_append_only();

-- The household's repair-history file (catalogue item 14).
CREATE TABLE repair_history (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id        bigint NOT NULL,
  household_id   bigint NOT NULL,
  request_id     bigint NOT NULL UNIQUE REFERENCES service_requests,
  completed_at   timestamptz NOT NULL,
  notes          text NOT NULL DEFAULT '',
  minutes_spent  integer NOT NULL DEFAULT 0,
  done_by        text NOT NULL DEFAULT '',
  FOREIGN KEY (site_id, household_id) REFERENCES households (site_id, id)
);
CREATE INDEX repair_history_by_household ON repair_history (household_id, id);
