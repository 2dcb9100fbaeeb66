-- Hotel guest-history profiles (issue 6): guests of the whole group, their
-- identity documents (HMAC only), stays, preferences with history, notes,
-- consumption and the log of every read.

-- A guest belongs to the hotel group, not to one site.
CREATE TABLE guests (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  chinese_name       text NOT NULL DEFAULT '',
  latin_name         text NOT NULL DEFAULT '',
  -- How the guest likes to be addressed.
  address_zh         text NOT NULL DEFAULT '',
  address_en         text NOT NULL DEFAULT '',
  phone              text NOT NULL DEFAULT '',
  email              text NOT NULL DEFAULT '',
  language           text NOT NULL DEFAULT '',
  vip_level          integer NOT NULL DEFAULT 0 CHECK (vip_level BETWEEN 0 AND 5),
  loyalty_number     text NOT NULL DEFAULT '',
  birth_year         integer,
  birth_month        integer CHECK (birth_month BETWEEN 1 AND 12),
  birth_day          integer CHECK (birth_day BETWEEN 1 AND 31),
  -- Space-separated codes: WHEELCHAIR LIMITED_MOBILITY ...
  accessibility      text NOT NULL DEFAULT '',
  accessibility_note text NOT NULL DEFAULT '',
  created_at         timestamptz NOT NULL,
  created_by         text NOT NULL,
  updated_at         timestamptz NOT NULL,
  version            bigint NOT NULL DEFAULT 1,
  -- A merged duplicate is a tombstone pointing at its survivor.
  merged_into        bigint REFERENCES guests,
  merged_at          timestamptz,
  merged_by          text,
  -- Set by EraseGuest; the personal columns above are blank from then on.
  erased_at          timestamptz,
  erased_by          text,
  -- The search index: derived from the names and the phone, so blanking
  -- them (erasure, merge) removes the guest from every search at once.
  search_text        text GENERATED ALWAYS AS
                       (lower(chinese_name || ' ' || latin_name)) STORED,
  phone_digits       text GENERATED ALWAYS AS
                       (regexp_replace(phone, '[^0-9]', '', 'g')) STORED,
  CHECK (merged_into IS NULL OR merged_into <> id),
  CHECK ((birth_month IS NULL) = (birth_day IS NULL)),
  CHECK (birth_year IS NULL OR birth_month IS NOT NULL)
);
CREATE UNIQUE INDEX guests_by_loyalty_number ON guests (loyalty_number)
  WHERE loyalty_number <> '';
-- "Ends with these digits": a prefix match on the reversed digits.
CREATE INDEX guests_by_phone_suffix
  ON guests (reverse(phone_digits) text_pattern_ops) WHERE phone_digits <> '';
CREATE INDEX guests_by_survivor ON guests (merged_into)
  WHERE merged_into IS NOT NULL;

-- Identity documents: never the number, only its HMAC-SHA256 under the
-- server's identity pepper (for lookups) and the last four characters.
CREATE TABLE guest_documents (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  guest_id        bigint NOT NULL REFERENCES guests,
  doc_type        text NOT NULL CHECK (doc_type IN
                    ('PASSPORT', 'NATIONAL_ID', 'TRAVEL_PERMIT', 'OTHER')),
  issuing_country text NOT NULL DEFAULT '',
  number_hmac     text NOT NULL UNIQUE,
  number_last4    text NOT NULL,
  created_at      timestamptz NOT NULL
);
CREATE INDEX guest_documents_by_guest ON guest_documents (guest_id, id);

-- A stay of a guest in a room (by number) of one hotel. Issue 7 adds the
-- rooms themselves; occupancy is "an open stay of (site, room)".
CREATE TABLE stays (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id               bigint NOT NULL REFERENCES sites,
  guest_id              bigint NOT NULL REFERENCES guests,
  room_number           text NOT NULL,
  check_in_at           timestamptz NOT NULL,
  expected_check_out_at timestamptz,
  check_out_at          timestamptz,
  adults                integer NOT NULL CHECK (adults BETWEEN 1 AND 20),
  children              integer NOT NULL DEFAULT 0 CHECK (children BETWEEN 0 AND 20),
  infants               integer NOT NULL DEFAULT 0 CHECK (infants BETWEEN 0 AND 10),
  purpose               text NOT NULL DEFAULT 'UNSPECIFIED' CHECK (purpose IN
                          ('UNSPECIFIED', 'BUSINESS', 'LEISURE', 'FAMILY',
                           'CONFERENCE', 'OTHER')),
  created_by            text NOT NULL,
  checked_out_by        text,
  UNIQUE (site_id, id),
  CHECK (expected_check_out_at IS NULL OR expected_check_out_at > check_in_at),
  CHECK (check_out_at IS NULL OR check_out_at >= check_in_at)
);
-- One open stay per room: a second check-in is refused by the database too.
CREATE UNIQUE INDEX stays_one_open_per_room ON stays (site_id, room_number)
  WHERE check_out_at IS NULL;
CREATE INDEX stays_by_guest ON stays (guest_id, id);

-- Preferences are never rewritten: a newer value of the same (guest,
-- category, key) supersedes the current one, which keeps its history.
CREATE TABLE guest_preferences (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  guest_id      bigint NOT NULL REFERENCES guests,
  category      text NOT NULL CHECK (category IN
                  ('ROOM', 'FOOD_AND_BEVERAGE', 'AMENITY', 'SERVICE')),
  key           text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,63}$'),
  value         text NOT NULL,
  source        text NOT NULL CHECK (source IN ('STATED', 'OBSERVED', 'LEARNED')),
  recorded_by   text NOT NULL,
  site_id       bigint REFERENCES sites,
  recorded_at   timestamptz NOT NULL,
  superseded_by bigint REFERENCES guest_preferences,
  superseded_at timestamptz,
  CHECK ((superseded_by IS NULL) OR (superseded_at IS NOT NULL))
);
CREATE UNIQUE INDEX guest_preferences_current
  ON guest_preferences (guest_id, category, key) WHERE superseded_at IS NULL;
CREATE INDEX guest_preferences_by_guest ON guest_preferences (guest_id, id);

CREATE TABLE guest_notes (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  guest_id    bigint NOT NULL REFERENCES guests,
  site_id     bigint REFERENCES sites,
  -- The author's department code; '' for authors without one.
  department  text NOT NULL DEFAULT '',
  author      text NOT NULL,
  text        text NOT NULL,
  created_at  timestamptz NOT NULL,
  -- The text was blanked by EraseGuest.
  redacted    boolean NOT NULL DEFAULT false
);
CREATE INDEX guest_notes_by_guest ON guest_notes (guest_id, id);

-- Minibar sales and paid services charged to a stay.
CREATE TABLE guest_consumption (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  guest_id      bigint NOT NULL REFERENCES guests,
  site_id       bigint NOT NULL REFERENCES sites,
  stay_id       bigint NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('MINIBAR', 'PAID_SERVICE', 'OTHER')),
  description   text NOT NULL,
  amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
  currency_code text NOT NULL CHECK (currency_code ~ '^[A-Z]{3}$'),
  recorded_by   text NOT NULL,
  recorded_at   timestamptz NOT NULL,
  FOREIGN KEY (site_id, stay_id) REFERENCES stays (site_id, id)
);
CREATE INDEX guest_consumption_by_guest ON guest_consumption (guest_id, id);
CREATE INDEX guest_consumption_by_stay ON guest_consumption (stay_id);

-- Every read of a profile: ids only (the guest's id and the reader's
-- resource name), never a guest's name.
CREATE TABLE guest_access_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  guest_id    bigint NOT NULL REFERENCES guests,
  principal   text NOT NULL,
  method      text NOT NULL,
  site_id     bigint REFERENCES sites,
  accessed_at timestamptz NOT NULL
);
CREATE INDEX guest_access_log_by_guest ON guest_access_log (guest_id, id);
