-- Quality of service: follow-ups after completed requests, complaints and
-- their history, praise, evaluations, residents' suggestions, surveys and
-- the annual service plan.

-- One follow-up per completed request, for the supervisor of the request's
-- department, due the item's follow-up delay after completion.
CREATE TABLE follow_ups (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id       bigint NOT NULL REFERENCES sites,
  request_id    bigint NOT NULL UNIQUE,
  department_id bigint NOT NULL,
  completed_at  timestamptz NOT NULL,
  due_at        timestamptz NOT NULL,
  state         text NOT NULL DEFAULT 'PENDING'
                  CHECK (state IN ('PENDING', 'DONE')),
  method        text CHECK (method IN ('VISIT', 'PHONE')),
  satisfaction  integer CHECK (satisfaction BETWEEN 1 AND 5),
  comment       text NOT NULL DEFAULT '',
  complained    boolean NOT NULL DEFAULT false,
  recorded_by   text NOT NULL DEFAULT '',
  recorded_at   timestamptz,
  created_at    timestamptz NOT NULL,
  version       bigint NOT NULL DEFAULT 1,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, request_id) REFERENCES service_requests (site_id, id),
  FOREIGN KEY (site_id, department_id) REFERENCES departments (site_id, id),
  CHECK ((state = 'DONE') = (recorded_at IS NOT NULL)),
  CHECK (state = 'PENDING' OR (method IS NOT NULL AND satisfaction IS NOT NULL))
);
-- The supervisors' call list.
CREATE INDEX follow_ups_pending ON follow_ups (site_id, due_at, id)
  WHERE state = 'PENDING';

CREATE TABLE complaints (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id           bigint NOT NULL REFERENCES sites,
  household_id      bigint NOT NULL,
  resident_id       bigint,
  request_id        bigint,
  item_id           bigint,
  department_id     bigint,
  staff_id          bigint,
  follow_up_id      bigint,
  category          text NOT NULL CHECK (category IN ('SERVICE_QUALITY',
                      'TIMELINESS', 'STAFF_CONDUCT', 'CHARGES', 'DISTURBANCE',
                      'PRIVACY', 'OTHER')),
  severity          text NOT NULL CHECK (severity IN ('MINOR', 'MAJOR')),
  text              text NOT NULL,
  source            text NOT NULL CHECK (source IN ('RESIDENT', 'STAFF',
                      'FOLLOW_UP')),
  state             text NOT NULL CHECK (state IN ('OPEN', 'IN_HANDLING',
                      'ESCALATED', 'RESOLVED')),
  created_by        text NOT NULL,
  created_at        timestamptz NOT NULL,
  handler           text NOT NULL DEFAULT '',
  escalated_at      timestamptz,
  escalation_reason text NOT NULL DEFAULT '',
  resolution        text NOT NULL DEFAULT '',
  resolved_by       text NOT NULL DEFAULT '',
  resolved_at       timestamptz,
  updated_at        timestamptz NOT NULL,
  version           bigint NOT NULL DEFAULT 1,
  UNIQUE (site_id, id),
  UNIQUE (follow_up_id),
  FOREIGN KEY (site_id, household_id) REFERENCES households (site_id, id),
  FOREIGN KEY (site_id, resident_id) REFERENCES residents (site_id, id),
  FOREIGN KEY (site_id, request_id) REFERENCES service_requests (site_id, id),
  FOREIGN KEY (site_id, item_id) REFERENCES service_items (site_id, id),
  FOREIGN KEY (site_id, department_id) REFERENCES departments (site_id, id),
  FOREIGN KEY (site_id, staff_id) REFERENCES staff (site_id, id),
  FOREIGN KEY (site_id, follow_up_id) REFERENCES follow_ups (site_id, id),
  CHECK ((state = 'RESOLVED') = (resolved_at IS NOT NULL))
);
CREATE INDEX complaints_by_site ON complaints (site_id, id);
CREATE INDEX complaints_by_household ON complaints (household_id, id);
CREATE INDEX complaints_by_request ON complaints (request_id)
  WHERE request_id IS NOT NULL;

-- Every move and note of a complaint; never rewritten.
CREATE TABLE complaint_events (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id      bigint NOT NULL,
  complaint_id bigint NOT NULL,
  action       text NOT NULL,
  before_state text,
  after_state  text NOT NULL,
  actor        text NOT NULL,
  actor_role   text NOT NULL,
  note         text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL,
  FOREIGN KEY (site_id, complaint_id) REFERENCES complaints (site_id, id)
);
CREATE INDEX complaint_events_by_complaint ON complaint_events (complaint_id, id);

CREATE FUNCTION complaint_events_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'complaint_events is append-only' USING ERRCODE = '42501';
END;
$$;
CREATE TRIGGER complaint_events_no_update
  BEFORE UPDATE OR DELETE ON complaint_events
  FOR EACH ROW EXECUTE FUNCTION complaint_events_append_only();

-- Recognition of staff (residential and hotel sites).
CREATE TABLE praise (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id       bigint NOT NULL REFERENCES sites,
  staff_id      bigint NOT NULL,
  department_id bigint,
  source        text NOT NULL CHECK (source IN ('RESIDENT_LETTER',
                  'GUEST_LETTER', 'SURVEY', 'WORK_LOG_CHECK', 'TEAM_REVIEW')),
  text          text NOT NULL,
  praised_by    text NOT NULL DEFAULT '',
  request_id    bigint,
  subject       text NOT NULL DEFAULT '',
  received_at   timestamptz NOT NULL,
  recorded_by   text NOT NULL,
  created_at    timestamptz NOT NULL,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, staff_id) REFERENCES staff (site_id, id),
  FOREIGN KEY (site_id, department_id) REFERENCES departments (site_id, id),
  FOREIGN KEY (site_id, request_id) REFERENCES service_requests (site_id, id)
);
CREATE INDEX praise_by_site ON praise (site_id, received_at);

-- The manager's appraisal, with the report figures it cites (a snapshot).
CREATE TABLE evaluations (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id                 bigint NOT NULL REFERENCES sites,
  staff_id                bigint,
  department_id           bigint,
  period_start            timestamptz NOT NULL,
  period_end              timestamptz NOT NULL,
  score                   integer NOT NULL CHECK (score BETWEEN 0 AND 100),
  note                    text NOT NULL DEFAULT '',
  evaluator               text NOT NULL,
  created_at              timestamptz NOT NULL,
  report_at               timestamptz NOT NULL,
  report_completed        bigint NOT NULL,
  report_with_target      bigint NOT NULL,
  report_on_time          bigint NOT NULL,
  report_satisfaction_count bigint NOT NULL,
  report_satisfaction_sum bigint NOT NULL,
  report_complaints_minor bigint NOT NULL,
  report_complaints_major bigint NOT NULL,
  report_praise           bigint NOT NULL,
  report_follow_ups_due   bigint NOT NULL,
  report_follow_ups_on_time bigint NOT NULL,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, staff_id) REFERENCES staff (site_id, id),
  FOREIGN KEY (site_id, department_id) REFERENCES departments (site_id, id),
  CHECK (num_nonnulls(staff_id, department_id) = 1),
  CHECK (period_end > period_start)
);
CREATE INDEX evaluations_by_site ON evaluations (site_id, id);

CREATE TABLE service_plans (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id         bigint NOT NULL REFERENCES sites,
  year            integer NOT NULL,
  title_zh        text NOT NULL,
  title_en        text NOT NULL,
  note            text NOT NULL DEFAULT '',
  state           text NOT NULL CHECK (state IN ('DRAFT', 'APPROVED')),
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL,
  approved_by     text NOT NULL DEFAULT '',
  approved_at     timestamptz,
  announcement_id bigint,
  updated_at      timestamptz NOT NULL,
  version         bigint NOT NULL DEFAULT 1,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, announcement_id) REFERENCES announcements (site_id, id)
);
-- One approved plan per site and year.
CREATE UNIQUE INDEX service_plans_one_approved ON service_plans (site_id, year)
  WHERE state = 'APPROVED';

CREATE TABLE suggestions (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id         bigint NOT NULL REFERENCES sites,
  household_id    bigint NOT NULL,
  resident_id     bigint,
  kind            text NOT NULL CHECK (kind IN ('NEW_SERVICE', 'CHANGE')),
  item_id         bigint,
  text            text NOT NULL,
  state           text NOT NULL CHECK (state IN ('SUBMITTED', 'ACCEPTED',
                    'DECLINED', 'ADOPTED')),
  decided_by      text NOT NULL DEFAULT '',
  decided_at      timestamptz,
  reason          text NOT NULL DEFAULT '',
  plan_id         bigint,
  adopted_item_id bigint,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  version         bigint NOT NULL DEFAULT 1,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, household_id) REFERENCES households (site_id, id),
  FOREIGN KEY (site_id, resident_id) REFERENCES residents (site_id, id),
  FOREIGN KEY (site_id, item_id) REFERENCES service_items (site_id, id),
  FOREIGN KEY (site_id, plan_id) REFERENCES service_plans (site_id, id),
  FOREIGN KEY (site_id, adopted_item_id) REFERENCES service_items (site_id, id)
);
CREATE INDEX suggestions_by_site ON suggestions (site_id, id);

-- A plan's entries; the new item's fields for ADD, the price for REPRICE
-- (and for ADD of a FIXED item); result_* once the plan is applied.
CREATE TABLE service_plan_entries (
  plan_id            bigint NOT NULL,
  position           integer NOT NULL,
  site_id            bigint NOT NULL,
  action             text NOT NULL CHECK (action IN ('KEEP', 'RETIRE', 'ADD',
                       'REPRICE')),
  item_id            bigint,
  suggestion_id      bigint,
  note               text NOT NULL DEFAULT '',
  price_minor        bigint CHECK (price_minor > 0),
  effective_at       timestamptz,
  new_code           text NOT NULL DEFAULT '',
  new_title_zh       text NOT NULL DEFAULT '',
  new_title_en       text NOT NULL DEFAULT '',
  new_description_zh text NOT NULL DEFAULT '',
  new_description_en text NOT NULL DEFAULT '',
  new_category       text NOT NULL DEFAULT '',
  new_fee_kind       text NOT NULL DEFAULT '',
  new_fulfilment     text NOT NULL DEFAULT '',
  new_department_id  bigint,
  new_conditions_zh  text NOT NULL DEFAULT '',
  new_conditions_en  text NOT NULL DEFAULT '',
  result_price_id    bigint,
  PRIMARY KEY (plan_id, position),
  FOREIGN KEY (site_id, plan_id) REFERENCES service_plans (site_id, id),
  FOREIGN KEY (site_id, item_id) REFERENCES service_items (site_id, id),
  FOREIGN KEY (site_id, suggestion_id) REFERENCES suggestions (site_id, id),
  FOREIGN KEY (site_id, new_department_id) REFERENCES departments (site_id, id),
  FOREIGN KEY (site_id, result_price_id) REFERENCES service_prices (site_id, id)
);

CREATE TABLE surveys (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id    bigint NOT NULL REFERENCES sites,
  item_id    bigint,
  title_zh   text NOT NULL,
  title_en   text NOT NULL,
  open_at    timestamptz NOT NULL,
  close_at   timestamptz NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, item_id) REFERENCES service_items (site_id, id),
  CHECK (close_at > open_at)
);

CREATE TABLE survey_questions (
  survey_id bigint NOT NULL REFERENCES surveys,
  position  integer NOT NULL,
  site_id   bigint NOT NULL,
  kind      text NOT NULL CHECK (kind IN ('SCALE', 'TEXT')),
  text_zh   text NOT NULL,
  text_en   text NOT NULL,
  item_id   bigint,
  PRIMARY KEY (survey_id, position),
  FOREIGN KEY (site_id, item_id) REFERENCES service_items (site_id, id)
);

-- One response per household and survey; resubmitting replaces the answers.
CREATE TABLE survey_responses (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id      bigint NOT NULL,
  survey_id    bigint NOT NULL,
  household_id bigint NOT NULL,
  submitted_by text NOT NULL,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  version      bigint NOT NULL DEFAULT 1,
  UNIQUE (survey_id, household_id),
  FOREIGN KEY (site_id, survey_id) REFERENCES surveys (site_id, id),
  FOREIGN KEY (site_id, household_id) REFERENCES households (site_id, id)
);

CREATE TABLE survey_answers (
  response_id bigint NOT NULL REFERENCES survey_responses,
  question    integer NOT NULL,
  score       integer CHECK (score BETWEEN 1 AND 5),
  text        text NOT NULL DEFAULT '',
  PRIMARY KEY (response_id, question)
);
