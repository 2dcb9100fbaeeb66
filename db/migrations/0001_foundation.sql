-- Foundation: time helpers, server secrets, sites, departments, people,
-- partners, tokens and idempotency keys.

-- Times cross the SOCI boundary as integer microseconds since the Unix epoch
-- (exact, no time-zone surprises); these convert at the edge of every query.
CREATE FUNCTION us_to_ts(us bigint) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN timestamptz 'epoch' + us * interval '1 microsecond';

CREATE FUNCTION ts_to_us(ts timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (extract(epoch FROM ts) * 1000000)::bigint;

-- Secrets every replica must share (page-token MAC key, hashing pepper).
CREATE TABLE server_secrets (
  name       text PRIMARY KEY,
  secret     text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Group administrators: not bound to a site.
CREATE TABLE admins (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  display_name text NOT NULL,
  created_at   timestamptz NOT NULL
);

CREATE TABLE sites (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('RESIDENTIAL', 'HOTEL')),
  display_name  text NOT NULL,
  time_zone     text NOT NULL,
  currency_code text NOT NULL CHECK (currency_code ~ '^[A-Z]{3}$'),
  created_at    timestamptz NOT NULL,
  version       bigint NOT NULL DEFAULT 1
);

CREATE TABLE departments (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id           bigint NOT NULL REFERENCES sites,
  code              text NOT NULL,
  title_zh          text NOT NULL,
  title_en          text NOT NULL,
  hourly_cost_minor bigint NOT NULL DEFAULT 0 CHECK (hourly_cost_minor >= 0),
  created_at        timestamptz NOT NULL,
  UNIQUE (site_id, code),
  UNIQUE (site_id, id)
);

CREATE TABLE staff (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id              bigint NOT NULL REFERENCES sites,
  department_id        bigint,
  role                 text NOT NULL CHECK (role IN
                         ('ADMIN', 'MANAGER', 'SUPERVISOR', 'RECEPTION',
                          'STAFF', 'FINANCE')),
  display_name         text NOT NULL,
  phone                text NOT NULL DEFAULT '',
  spending_limit_minor bigint NOT NULL DEFAULT 0
                         CHECK (spending_limit_minor >= 0),
  active               boolean NOT NULL DEFAULT true,
  created_at           timestamptz NOT NULL,
  version              bigint NOT NULL DEFAULT 1,
  UNIQUE (site_id, id),
  -- A department of another site can never be referenced.
  FOREIGN KEY (site_id, department_id) REFERENCES departments (site_id, id)
);
CREATE INDEX staff_by_department ON staff (department_id, id);

CREATE TABLE households (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id    bigint NOT NULL REFERENCES sites,
  building   text NOT NULL,
  unit       text NOT NULL,
  address    text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  UNIQUE (site_id, building, unit),
  UNIQUE (site_id, id)
);

CREATE TABLE residents (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id      bigint NOT NULL REFERENCES sites,
  household_id bigint NOT NULL,
  display_name text NOT NULL,
  phone        text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, household_id) REFERENCES households (site_id, id)
);
CREATE INDEX residents_by_household ON residents (household_id, id);

CREATE TABLE partners (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id      bigint NOT NULL REFERENCES sites,
  display_name text NOT NULL,
  -- Space-separated scope names, e.g. 'requests.write catalog.read'.
  scopes       text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL,
  UNIQUE (site_id, id)
);

-- Bearer tokens: only the SHA-256 of the token text is stored.
CREATE TABLE tokens (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE,
  admin_id    bigint REFERENCES admins,
  staff_id    bigint REFERENCES staff,
  resident_id bigint REFERENCES residents,
  partner_id  bigint REFERENCES partners,
  label       text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz,
  revoked_at  timestamptz,
  CHECK (num_nonnulls(admin_id, staff_id, resident_id, partner_id) = 1)
);
CREATE INDEX tokens_by_staff ON tokens (staff_id, id) WHERE staff_id IS NOT NULL;
CREATE INDEX tokens_by_resident ON tokens (resident_id, id)
  WHERE resident_id IS NOT NULL;
CREATE INDEX tokens_by_partner ON tokens (partner_id, id)
  WHERE partner_id IS NOT NULL;
CREATE INDEX tokens_by_admin ON tokens (admin_id, id) WHERE admin_id IS NOT NULL;

-- Create calls with a request_id: a repeat finds the first result here.
-- `scope` is the caller and the method; `fingerprint` is a hash of the
-- request, so reusing a request_id for a different request is refused.
CREATE TABLE idempotency_keys (
  scope         text NOT NULL,
  request_id    text NOT NULL,
  fingerprint   text NOT NULL,
  resource_name text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (scope, request_id)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
