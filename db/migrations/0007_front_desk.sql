-- The residential front desk and community life (issue 8): parcels and
-- registered mail, valuables custody, lending, visitors' messages,
-- community events with registrations, the households' front-desk history,
-- and the events announcements carry.
--
-- Every desk action stores the resource name of whoever did it. Nothing is
-- ever deleted (a trigger refuses DELETE on every table here); custody
-- records change once, HELD -> RETURNED; the history is append-only.

CREATE TABLE parcels (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id         bigint NOT NULL REFERENCES sites,
  household_id    bigint NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('PARCEL', 'REGISTERED_LETTER',
                    'REMITTANCE_SLIP', 'PARCEL_NOTICE')),
  carrier         text NOT NULL,
  tracking_number text NOT NULL DEFAULT '',
  shelf           text NOT NULL,
  photo_ref       text NOT NULL DEFAULT '',
  note            text NOT NULL DEFAULT '',
  state           text NOT NULL CHECK (state IN ('WAITING', 'COLLECTED')),
  logged_by       text NOT NULL,
  logged_at       timestamptz NOT NULL,
  collected_by    text NOT NULL DEFAULT '',
  signature_name  text NOT NULL DEFAULT '',
  handed_over_by  text NOT NULL DEFAULT '',
  collected_at    timestamptz,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, household_id) REFERENCES households (site_id, id),
  CHECK ((state = 'COLLECTED') = (collected_at IS NOT NULL))
);
CREATE INDEX parcels_by_site ON parcels (site_id, id);
CREATE INDEX parcels_by_household ON parcels (household_id, id);
-- A tracking number is logged once per carrier and site.
CREATE UNIQUE INDEX parcels_tracking_once ON parcels
  (site_id, lower(carrier), tracking_number) WHERE tracking_number <> '';

CREATE TABLE custody_records (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id         bigint NOT NULL REFERENCES sites,
  household_id    bigint NOT NULL,
  description     text NOT NULL,
  receipt_number  text NOT NULL,
  deposited_by    text NOT NULL,
  received_by     text NOT NULL,
  deposited_at    timestamptz NOT NULL,
  state           text NOT NULL CHECK (state IN ('HELD', 'RETURNED')),
  collected_by    text NOT NULL DEFAULT '',
  handed_over_by  text NOT NULL DEFAULT '',
  returned_at     timestamptz,
  note            text NOT NULL DEFAULT '',
  UNIQUE (site_id, id),
  UNIQUE (site_id, receipt_number),
  FOREIGN KEY (site_id, household_id) REFERENCES households (site_id, id),
  CHECK ((state = 'RETURNED') = (returned_at IS NOT NULL))
);
CREATE INDEX custody_records_by_household ON custody_records (household_id, id);

-- What was deposited, by whom and with whom stays as written; the only
-- change a record ever takes is its return.
CREATE FUNCTION custody_records_guard() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'custody records are never deleted' USING ERRCODE = '42501';
  END IF;
  IF OLD.state <> 'HELD' OR NEW.state <> 'RETURNED'
     OR ROW(NEW.id, NEW.site_id, NEW.household_id, NEW.description,
            NEW.receipt_number, NEW.deposited_by, NEW.received_by,
            NEW.deposited_at)
        IS DISTINCT FROM
        ROW(OLD.id, OLD.site_id, OLD.household_id, OLD.description,
            OLD.receipt_number, OLD.deposited_by, OLD.received_by,
            OLD.deposited_at) THEN
    RAISE EXCEPTION 'custody records change once, from HELD to RETURNED'
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER custody_records_guard BEFORE UPDATE OR DELETE ON custody_records
  FOR EACH ROW EXECUTE FUNCTION custody_records_guard();

CREATE TABLE lendable_items (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id         bigint NOT NULL REFERENCES sites,
  name_zh         text NOT NULL,
  name_en         text NOT NULL,
  -- The catalogue LENDING item it serves, when named.
  item_id         bigint,
  total_count     integer NOT NULL CHECK (total_count BETWEEN 1 AND 10000),
  -- Taken by one conditional UPDATE per loan, so two desks can never lend
  -- the last one twice.
  available_count integer NOT NULL,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, item_id) REFERENCES service_items (site_id, id),
  CHECK (available_count BETWEEN 0 AND total_count)
);

CREATE TABLE loans (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id         bigint NOT NULL REFERENCES sites,
  lendable_id     bigint NOT NULL,
  household_id    bigint NOT NULL,
  borrower        text NOT NULL,
  due_at          timestamptz NOT NULL,
  state           text NOT NULL CHECK (state IN ('OUT', 'RETURNED')),
  lent_by         text NOT NULL,
  lent_at         timestamptz NOT NULL,
  received_by     text NOT NULL DEFAULT '',
  returned_at     timestamptz,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, lendable_id) REFERENCES lendable_items (site_id, id),
  FOREIGN KEY (site_id, household_id) REFERENCES households (site_id, id),
  CHECK ((state = 'RETURNED') = (returned_at IS NOT NULL))
);
CREATE INDEX loans_by_site ON loans (site_id, id);
CREATE INDEX loans_by_household ON loans (household_id, id);
CREATE INDEX loans_out_by_due ON loans (lendable_id, due_at) WHERE state = 'OUT';

CREATE TABLE visitor_messages (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id         bigint NOT NULL REFERENCES sites,
  household_id    bigint NOT NULL,
  from_name       text NOT NULL,
  from_phone      text NOT NULL DEFAULT '',
  body            text NOT NULL,
  channel         text NOT NULL CHECK (channel IN ('PHONE', 'IN_PERSON')),
  state           text NOT NULL CHECK (state IN ('UNREAD', 'ACKNOWLEDGED')),
  left_by         text NOT NULL,
  left_at         timestamptz NOT NULL,
  acknowledged_by text NOT NULL DEFAULT '',
  acknowledged_at timestamptz,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, household_id) REFERENCES households (site_id, id),
  CHECK ((state = 'ACKNOWLEDGED') = (acknowledged_at IS NOT NULL))
);
CREATE INDEX visitor_messages_by_household ON visitor_messages (household_id, id);

-- One occurrence of a COMMUNITY_EVENT / RECURRING_EVENT catalogue item.
CREATE TABLE community_events (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id               bigint NOT NULL REFERENCES sites,
  item_id               bigint NOT NULL,
  title_zh              text NOT NULL,
  title_en              text NOT NULL,
  description_zh        text NOT NULL DEFAULT '',
  description_en        text NOT NULL DEFAULT '',
  starts_at             timestamptz NOT NULL,
  ends_at               timestamptz NOT NULL,
  place_zh              text NOT NULL DEFAULT '',
  place_en              text NOT NULL DEFAULT '',
  -- Places, in people.
  capacity              integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
  registration_deadline timestamptz NOT NULL,
  created_by            text NOT NULL,
  created_at            timestamptz NOT NULL,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, item_id) REFERENCES service_items (site_id, id),
  CHECK (ends_at > starts_at),
  CHECK (registration_deadline <= starts_at)
);
CREATE INDEX community_events_by_item ON community_events (site_id, item_id, id);

CREATE TABLE event_registrations (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id                bigint NOT NULL,
  event_id               bigint NOT NULL,
  household_id           bigint NOT NULL,
  party_size             integer NOT NULL CHECK (party_size BETWEEN 1 AND 20),
  -- Repair day: what needs repairing.
  details                text NOT NULL DEFAULT '',
  state                  text NOT NULL CHECK (state IN ('REGISTERED',
                           'WAITLISTED', 'CANCELLED', 'ATTENDED', 'NO_SHOW')),
  registered_by          text NOT NULL,
  registered_at          timestamptz NOT NULL,
  promoted_at            timestamptz,
  cancelled_by           text NOT NULL DEFAULT '',
  cancelled_at           timestamptz,
  attended_people        integer NOT NULL DEFAULT 0
                           CHECK (attended_people BETWEEN 0 AND 20),
  attendance_recorded_by text NOT NULL DEFAULT '',
  attendance_recorded_at timestamptz,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, event_id) REFERENCES community_events (site_id, id),
  FOREIGN KEY (site_id, household_id) REFERENCES households (site_id, id)
);
CREATE INDEX event_registrations_by_event ON event_registrations (event_id, id);
CREATE INDEX event_registrations_by_household
  ON event_registrations (household_id, id);
-- One live registration per household and event (a cancelled one may be
-- followed by a new one).
CREATE UNIQUE INDEX event_registrations_one_per_household
  ON event_registrations (event_id, household_id) WHERE state <> 'CANCELLED';

-- What the annual review counts per event (and, through item_id, per
-- catalogue item): households that held a place, people, the waitlist,
-- cancellations and attendance.
CREATE VIEW event_participation AS
SELECT e.site_id, e.id AS event_id, e.item_id, e.starts_at, e.capacity,
       count(r.id) FILTER (WHERE r.state IN ('REGISTERED', 'ATTENDED', 'NO_SHOW'))
         AS registered_households,
       COALESCE(sum(r.party_size) FILTER (WHERE r.state IN ('REGISTERED',
         'ATTENDED', 'NO_SHOW')), 0) AS registered_people,
       count(r.id) FILTER (WHERE r.state = 'WAITLISTED') AS waitlisted_households,
       count(r.id) FILTER (WHERE r.state = 'CANCELLED') AS cancelled_registrations,
       count(r.id) FILTER (WHERE r.state = 'ATTENDED') AS attended_households,
       COALESCE(sum(r.attended_people) FILTER (WHERE r.state = 'ATTENDED'), 0)
         AS attended_people
FROM community_events e
LEFT JOIN event_registrations r ON r.event_id = e.id
GROUP BY e.site_id, e.id, e.item_id, e.starts_at, e.capacity;

-- Events an announcement carries (Announcement.events), in its order.
CREATE TABLE announcement_events (
  announcement_id bigint NOT NULL REFERENCES announcements,
  site_id         bigint NOT NULL,
  event_id        bigint NOT NULL,
  position        integer NOT NULL,
  PRIMARY KEY (announcement_id, event_id),
  FOREIGN KEY (site_id, event_id) REFERENCES community_events (site_id, id)
);

-- Every desk action concerning a household, as it read when it happened.
CREATE TABLE front_desk_history (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id       bigint NOT NULL,
  household_id  bigint NOT NULL,
  action        text NOT NULL CHECK (action IN ('PARCEL_LOGGED',
                  'PARCEL_COLLECTED', 'VALUABLES_DEPOSITED',
                  'VALUABLES_RETURNED', 'ITEM_LENT', 'ITEM_RETURNED',
                  'MESSAGE_LEFT', 'MESSAGE_ACKNOWLEDGED', 'EVENT_REGISTERED',
                  'EVENT_WAITLISTED', 'EVENT_PROMOTED', 'EVENT_CANCELLED',
                  'EVENT_ATTENDED', 'EVENT_NO_SHOW')),
  subject       text NOT NULL,
  summary_zh    text NOT NULL,
  summary_en    text NOT NULL,
  actor         text NOT NULL,
  recorded_at   timestamptz NOT NULL,
  FOREIGN KEY (site_id, household_id) REFERENCES households (site_id, id)
);
CREATE INDEX front_desk_history_by_household
  ON front_desk_history (household_id, id);

CREATE FUNCTION front_desk_history_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'front_desk_history is append-only' USING ERRCODE = '42501';
END;
$$;
CREATE TRIGGER front_desk_history_no_update
  BEFORE UPDATE OR DELETE ON front_desk_history
  FOR EACH ROW EXECUTE FUNCTION front_desk_history_append_only();

-- The other desk records move through their states but are never deleted.
CREATE FUNCTION front_desk_never_delete() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME
    USING ERRCODE = '42501';
END;
$$;
CREATE TRIGGER parcels_no_delete BEFORE DELETE ON parcels
  FOR EACH ROW EXECUTE FUNCTION front_desk_never_delete();
CREATE TRIGGER lendable_items_no_delete BEFORE DELETE ON lendable_items
  FOR EACH ROW EXECUTE FUNCTION front_desk_never_delete();
CREATE TRIGGER loans_no_delete BEFORE DELETE ON loans
  FOR EACH ROW EXECUTE FUNCTION front_desk_never_delete();
CREATE TRIGGER visitor_messages_no_delete BEFORE DELETE ON visitor_messages
  FOR EACH ROW EXECUTE FUNCTION front_desk_never_delete();
CREATE TRIGGER community_events_no_delete BEFORE DELETE ON community_events
  FOR EACH ROW EXECUTE FUNCTION front_desk_never_delete();
CREATE TRIGGER event_registrations_no_delete BEFORE DELETE ON event_registrations
  FOR EACH ROW EXECUTE FUNCTION front_desk_never_delete();
