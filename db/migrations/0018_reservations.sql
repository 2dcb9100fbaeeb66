-- Reservations and arrivals (issue 22, points 5 and 6; seed Part 2: the
-- profile is gathered at booking as well as at check-in, so that a
-- returning guest's room is prepared before arrival).
--
-- A reservation is a guest expected at a hotel on a date; CheckIn with it
-- opens the stay and marks it CHECKED_IN. What to prepare is not stored:
-- it is the hotel's STANDING rules applied to the guest and the party when
-- the list is read. Only a preparation marked done is a fact.

CREATE TABLE reservations (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id        bigint NOT NULL REFERENCES sites,
  guest_id       bigint NOT NULL REFERENCES guests,
  arrival_date   date NOT NULL,
  departure_date date NOT NULL,
  room_type      text NOT NULL DEFAULT '',
  room_number    text NOT NULL DEFAULT '',
  adults         integer NOT NULL CHECK (adults BETWEEN 1 AND 20),
  children       integer NOT NULL DEFAULT 0 CHECK (children BETWEEN 0 AND 20),
  infants        integer NOT NULL DEFAULT 0 CHECK (infants BETWEEN 0 AND 10),
  notes          text NOT NULL DEFAULT '',
  state          text NOT NULL DEFAULT 'BOOKED'
                   CHECK (state IN ('BOOKED', 'CHECKED_IN', 'CANCELLED')),
  stay_id        bigint,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  checked_in_at  timestamptz,
  cancelled_at   timestamptz,
  cancel_reason  text NOT NULL DEFAULT '',
  version        bigint NOT NULL DEFAULT 1,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, stay_id) REFERENCES stays (site_id, id),
  CHECK (departure_date > arrival_date),
  CHECK (room_type <> '' OR room_number <> ''),
  CHECK ((state = 'CHECKED_IN') = (stay_id IS NOT NULL)),
  CHECK ((state = 'CANCELLED') = (cancelled_at IS NOT NULL))
);
CREATE INDEX reservations_by_arrival ON reservations (site_id, arrival_date, id);
CREATE INDEX reservations_by_guest ON reservations (guest_id, id);
-- A stay opens from at most one reservation.
CREATE UNIQUE INDEX reservations_one_per_stay ON reservations (stay_id)
  WHERE stay_id IS NOT NULL;

-- A preparation marked done: once per reservation and action.
CREATE TABLE arrival_preparations (
  site_id             bigint NOT NULL,
  reservation_id      bigint NOT NULL,
  action_code         text NOT NULL,
  room_number         text NOT NULL DEFAULT '',
  done_by             text NOT NULL,
  done_at             timestamptz NOT NULL,
  -- The reservation was still BOOKED (the guest had not checked in).
  done_before_arrival boolean NOT NULL,
  PRIMARY KEY (reservation_id, action_code),
  FOREIGN KEY (site_id, reservation_id) REFERENCES reservations (site_id, id)
);
