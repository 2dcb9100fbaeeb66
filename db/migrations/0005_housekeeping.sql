-- Housekeeping (issue 7): rooms and the attendants' days, the per-site
-- vocabulary (observation codes, action definitions), rules as data, visits
-- with their suggested actions and what became of them, handover notes.

-- The rooms of a hotel. Stays keep their room as a number (issue 6); once a
-- site has rooms, the services refuse numbers that are not among them.
CREATE TABLE rooms (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id     bigint NOT NULL REFERENCES sites,
  number      text NOT NULL,
  floor       integer NOT NULL CHECK (floor BETWEEN -5 AND 300),
  room_type   text NOT NULL DEFAULT '',
  accessible  boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL,
  created_by  text NOT NULL,
  UNIQUE (site_id, number),
  UNIQUE (site_id, id)
);

-- Who cleans which room on which business date (the site's calendar day).
-- One attendant per room and date.
CREATE TABLE room_assignments (
  site_id       bigint NOT NULL,
  room_id       bigint NOT NULL,
  business_date date NOT NULL,
  staff_id      bigint NOT NULL,
  assigned_by   text NOT NULL,
  assigned_at   timestamptz NOT NULL,
  PRIMARY KEY (site_id, room_id, business_date),
  FOREIGN KEY (site_id, room_id) REFERENCES rooms (site_id, id),
  FOREIGN KEY (site_id, staff_id) REFERENCES staff (site_id, id)
);
CREATE INDEX room_assignments_by_staff
  ON room_assignments (site_id, staff_id, business_date);

-- What attendants may report, per site (seeded from
-- db/seed/housekeeping_observations.tsv; hotels add their own).
CREATE TABLE observation_codes (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id      bigint NOT NULL REFERENCES sites,
  code         text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9_]{0,63}$'),
  takes_number boolean NOT NULL DEFAULT false,
  unit         text NOT NULL DEFAULT '',
  label_zh     text NOT NULL,
  label_en     text NOT NULL,
  created_at   timestamptz NOT NULL,
  created_by   text NOT NULL,
  UNIQUE (site_id, code)
);

-- What an action is, per site (seeded from
-- db/seed/housekeeping_actions.tsv).
CREATE TABLE action_definitions (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id              bigint NOT NULL REFERENCES sites,
  code                 text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9_]{0,63}$'),
  title_zh             text NOT NULL,
  title_en             text NOT NULL,
  department_id        bigint NOT NULL,
  cost_minor           bigint NOT NULL DEFAULT 0 CHECK (cost_minor >= 0),
  currency_code        text NOT NULL CHECK (currency_code ~ '^[A-Z]{3}$'),
  is_sale              boolean NOT NULL DEFAULT false,
  for_next_shift       boolean NOT NULL DEFAULT false,
  department_task      boolean NOT NULL DEFAULT false,
  quantity_observation text NOT NULL DEFAULT '',
  -- The LEARNED preference DONE writes: all three or none.
  teaches_category     text,
  teaches_key          text,
  teaches_value        text,
  created_at           timestamptz NOT NULL,
  created_by           text NOT NULL,
  UNIQUE (site_id, code),
  FOREIGN KEY (site_id, department_id) REFERENCES departments (site_id, id),
  CHECK (num_nulls(teaches_category, teaches_key, teaches_value) IN (0, 3))
);

-- Rules are data: a manager edits them without a new build. Lists of codes
-- are stored space-separated, numeric conditions as "AC_SETPOINT<=24"
-- words, preference conditions as "ROOM:curtains=gap" lines.
CREATE TABLE housekeeping_rules (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id                bigint NOT NULL REFERENCES sites,
  code                   text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9_]{0,63}$'),
  title_zh               text NOT NULL,
  title_en               text NOT NULL,
  trigger                text NOT NULL CHECK (trigger IN ('OBSERVATION', 'STANDING')),
  all_of                 text NOT NULL DEFAULT '',
  any_of                 text NOT NULL DEFAULT '',
  numeric_conditions     text NOT NULL DEFAULT '',
  birthday_today         boolean NOT NULL DEFAULT false,
  travelling_with_infant boolean NOT NULL DEFAULT false,
  min_vip_level          integer NOT NULL DEFAULT 0 CHECK (min_vip_level BETWEEN 0 AND 5),
  preference_conditions  text NOT NULL DEFAULT '',
  actions                text NOT NULL,
  enabled                boolean NOT NULL DEFAULT true,
  created_at             timestamptz NOT NULL,
  updated_at             timestamptz NOT NULL,
  updated_by             text NOT NULL,
  version                bigint NOT NULL DEFAULT 1,
  UNIQUE (site_id, code),
  UNIQUE (site_id, id)
);

-- A visit to a room: what the attendant saw.
CREATE TABLE room_visits (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id       bigint NOT NULL REFERENCES sites,
  room_number   text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('CLEANING', 'TURNDOWN')),
  stay_id       bigint,
  guest_id      bigint REFERENCES guests,
  -- "AC_SETPOINT(23) USED_TISSUES_MANY"
  observations  text NOT NULL DEFAULT '',
  note          text NOT NULL DEFAULT '',
  note_id       bigint REFERENCES guest_notes,
  -- The visiting staff member (NULL for a group administrator).
  staff_id      bigint,
  visited_by    text NOT NULL,
  created_at    timestamptz NOT NULL,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, stay_id) REFERENCES stays (site_id, id),
  FOREIGN KEY (site_id, staff_id) REFERENCES staff (site_id, id)
);
CREATE INDEX room_visits_by_room ON room_visits (site_id, room_number, id);

-- The actions suggested at a visit, with the definition as it was then, and
-- what became of them (the state machine is kActionTransitions in
-- server/domain/housekeeping.cc).
CREATE TABLE room_actions (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id                 bigint NOT NULL REFERENCES sites,
  visit_id                bigint NOT NULL,
  room_number             text NOT NULL,
  stay_id                 bigint,
  guest_id                bigint REFERENCES guests,
  code                    text NOT NULL,
  title_zh                text NOT NULL,
  title_en                text NOT NULL,
  department_id           bigint NOT NULL,
  quantity                integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  unit_cost_minor         bigint NOT NULL CHECK (unit_cost_minor >= 0),
  currency_code           text NOT NULL,
  is_sale                 boolean NOT NULL,
  for_next_shift          boolean NOT NULL,
  department_task         boolean NOT NULL,
  teaches_category        text,
  teaches_key             text,
  teaches_value           text,
  state                   text NOT NULL CHECK (state IN ('SUGGESTED',
                            'PENDING_APPROVAL', 'APPROVED', 'DONE', 'SKIPPED',
                            'REJECTED')),
  requested_by            text NOT NULL,
  requester_staff_id      bigint,
  requester_department_id bigint,
  decided_by              text NOT NULL DEFAULT '',
  decided_at              timestamptz,
  decision_note           text NOT NULL DEFAULT '',
  outcome_by              text NOT NULL DEFAULT '',
  outcome_at              timestamptz,
  skip_reason             text NOT NULL DEFAULT '',
  consumption_id          bigint REFERENCES guest_consumption,
  learned_preference_id   bigint REFERENCES guest_preferences,
  created_at              timestamptz NOT NULL,
  updated_at              timestamptz NOT NULL,
  version                 bigint NOT NULL DEFAULT 1,
  UNIQUE (site_id, id),
  UNIQUE (visit_id, code),
  FOREIGN KEY (site_id, visit_id) REFERENCES room_visits (site_id, id),
  FOREIGN KEY (site_id, stay_id) REFERENCES stays (site_id, id),
  FOREIGN KEY (site_id, department_id) REFERENCES departments (site_id, id)
);
CREATE INDEX room_actions_open_by_room ON room_actions (site_id, room_number, id)
  WHERE state IN ('SUGGESTED', 'PENDING_APPROVAL', 'APPROVED');
CREATE INDEX room_actions_pending ON room_actions (site_id, id)
  WHERE state = 'PENDING_APPROVAL';
CREATE INDEX room_actions_department_queue
  ON room_actions (site_id, department_id, id)
  WHERE department_task AND state IN ('SUGGESTED', 'APPROVED');

-- Why each action was suggested: one row per rule that fired.
CREATE TABLE room_action_reasons (
  room_action_id bigint NOT NULL REFERENCES room_actions,
  position       integer NOT NULL,
  rule_id        bigint NOT NULL REFERENCES housekeeping_rules,
  rule_code      text NOT NULL,
  title_zh       text NOT NULL,
  title_en       text NOT NULL,
  -- "AC_SETPOINT(23) BEDSPREAD_OVER_BLANKET"
  observations   text NOT NULL DEFAULT '',
  -- One fact per line, e.g. "birthday_today".
  facts          text NOT NULL DEFAULT '',
  PRIMARY KEY (room_action_id, position)
);

-- Notes for the next shift on a room.
CREATE TABLE handover_notes (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id        bigint NOT NULL REFERENCES sites,
  room_number    text NOT NULL,
  text           text NOT NULL,
  room_action_id bigint,
  author         text NOT NULL,
  created_at     timestamptz NOT NULL,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, room_action_id) REFERENCES room_actions (site_id, id)
);
CREATE INDEX handover_notes_by_room ON handover_notes (site_id, room_number, id);
CREATE INDEX handover_notes_by_time ON handover_notes (site_id, created_at);

-- The task feed (WatchTasks, migration 0003) also carries room actions a
-- department carries out (CALL_DOCTOR at the front desk) and those that
-- waited for approval: each event is about a request or a room action.
ALTER TABLE task_events ALTER COLUMN request_id DROP NOT NULL;
ALTER TABLE task_events ADD COLUMN room_action_id bigint;
ALTER TABLE task_events ADD CONSTRAINT task_events_one_subject
  CHECK (num_nonnulls(request_id, room_action_id) = 1);
ALTER TABLE task_events ADD CONSTRAINT task_events_room_action
  FOREIGN KEY (site_id, room_action_id) REFERENCES room_actions (site_id, id);
CREATE INDEX task_events_by_room_action ON task_events (room_action_id, id)
  WHERE room_action_id IS NOT NULL;
