-- The residential service catalogue: items, versioned prices,
-- announcements, the provider directory and lookups.

CREATE TABLE service_items (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id            bigint NOT NULL REFERENCES sites,
  code               text NOT NULL,
  title_zh           text NOT NULL,
  title_en           text NOT NULL,
  description_zh     text NOT NULL DEFAULT '',
  description_en     text NOT NULL DEFAULT '',
  category           text NOT NULL CHECK (category IN ('AGENCY', 'INFORMATION',
                       'ON_SITE', 'COMMUNITY_EVENT', 'CARE', 'CUSTODY',
                       'LENDING', 'SURVEY', 'OTHER')),
  fee_kind           text NOT NULL CHECK (fee_kind IN ('FREE', 'FIXED', 'QUOTED')),
  fulfilment         text NOT NULL CHECK (fulfilment IN ('IMMEDIATE', 'SCHEDULED',
                       'RECURRING_EVENT', 'STANDING')),
  department_id      bigint NOT NULL,
  conditions_zh      text NOT NULL DEFAULT '',
  conditions_en      text NOT NULL DEFAULT '',
  response_target_s   bigint NOT NULL DEFAULT 0 CHECK (response_target_s >= 0),
  completion_target_s bigint NOT NULL DEFAULT 0 CHECK (completion_target_s >= 0),
  follow_up_delay_s   bigint NOT NULL DEFAULT 259200 CHECK (follow_up_delay_s >= 0),
  state              text NOT NULL CHECK (state IN ('DRAFT', 'APPROVED',
                       'PUBLISHED', 'RETIRED')),
  display_order      integer NOT NULL DEFAULT 0,
  illustrative       boolean NOT NULL DEFAULT false,
  approved_by        text NOT NULL DEFAULT '',
  approved_at        timestamptz,
  retired_at         timestamptz,
  retire_reason      text NOT NULL DEFAULT '',
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  version            bigint NOT NULL DEFAULT 1,
  UNIQUE (site_id, code),
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, department_id) REFERENCES departments (site_id, id)
);
CREATE INDEX service_items_by_state ON service_items (site_id, state, id);

-- Every price ever proposed for an item; never rewritten except to record
-- the decision and the announcement.
CREATE TABLE service_prices (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id        bigint NOT NULL,
  item_id        bigint NOT NULL,
  amount_minor   bigint NOT NULL CHECK (amount_minor > 0),
  currency_code  text NOT NULL,
  effective_at   timestamptz NOT NULL,
  state          text NOT NULL CHECK (state IN ('PROPOSED', 'APPROVED', 'REJECTED')),
  note           text NOT NULL DEFAULT '',
  proposed_by    text NOT NULL,
  proposed_at    timestamptz NOT NULL,
  decided_by     text NOT NULL DEFAULT '',
  decided_at     timestamptz,
  announced_at   timestamptz,
  reject_reason  text NOT NULL DEFAULT '',
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, item_id) REFERENCES service_items (site_id, id)
);
CREATE INDEX service_prices_by_item ON service_prices (item_id, id);

CREATE TABLE announcements (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id       bigint NOT NULL REFERENCES sites,
  title_zh      text NOT NULL,
  title_en      text NOT NULL,
  body_zh       text NOT NULL DEFAULT '',
  body_en       text NOT NULL DEFAULT '',
  published     boolean NOT NULL DEFAULT false,
  -- Space-separated channel names once published.
  channels      text NOT NULL DEFAULT '',
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL,
  published_by  text NOT NULL DEFAULT '',
  published_at  timestamptz,
  UNIQUE (site_id, id)
);
CREATE INDEX announcements_by_site ON announcements (site_id, id);

CREATE TABLE announcement_items (
  announcement_id bigint NOT NULL REFERENCES announcements,
  site_id         bigint NOT NULL,
  item_id         bigint NOT NULL,
  position        integer NOT NULL,
  PRIMARY KEY (announcement_id, item_id),
  FOREIGN KEY (site_id, item_id) REFERENCES service_items (site_id, id)
);

CREATE TABLE announcement_prices (
  announcement_id bigint NOT NULL REFERENCES announcements,
  site_id         bigint NOT NULL,
  price_id        bigint NOT NULL,
  position        integer NOT NULL,
  PRIMARY KEY (announcement_id, price_id),
  FOREIGN KEY (site_id, price_id) REFERENCES service_prices (site_id, id)
);

CREATE TABLE providers (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id     bigint NOT NULL,
  item_id     bigint NOT NULL,
  name_zh     text NOT NULL DEFAULT '',
  name_en     text NOT NULL DEFAULT '',
  phone       text NOT NULL DEFAULT '',
  address     text NOT NULL DEFAULT '',
  notes_zh    text NOT NULL DEFAULT '',
  notes_en    text NOT NULL DEFAULT '',
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL,
  version     bigint NOT NULL DEFAULT 1,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, item_id) REFERENCES service_items (site_id, id)
);
CREATE INDEX providers_by_item ON providers (site_id, item_id, id);

-- One row per information item a lookup served (the annual review counts
-- them); item_id is NULL when a search matched nothing and named no item.
CREATE TABLE lookups (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id     bigint NOT NULL REFERENCES sites,
  item_id     bigint,
  principal   text NOT NULL,
  results     integer NOT NULL,
  looked_up_at timestamptz NOT NULL
);
CREATE INDEX lookups_by_item ON lookups (site_id, item_id, looked_up_at);
