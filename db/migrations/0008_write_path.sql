-- Cheaper writes on the hot paths (docs/PERFORMANCE.md).
--
-- Every foreign-key check locks the row it finds FOR KEY SHARE. Every write
-- of a site checked the same `sites` row, so concurrent bookings shared that
-- lock through a new MultiXact per insert. Where a composite foreign key
-- already proves the site (the item, the request or the room action belongs
-- to it, and it to the site), the direct reference to `sites` adds nothing
-- but that cost.
ALTER TABLE service_requests DROP CONSTRAINT service_requests_site_id_fkey;

-- A task event names its request or its room action together with its site,
-- so one composite key checks both (request_id is NULL for room actions,
-- whose own composite key applies; task_events_one_subject keeps one set).
ALTER TABLE task_events ADD CONSTRAINT task_events_request
  FOREIGN KEY (site_id, request_id) REFERENCES service_requests (site_id, id)
  NOT VALID;
ALTER TABLE task_events VALIDATE CONSTRAINT task_events_request;
ALTER TABLE task_events DROP CONSTRAINT task_events_request_id_fkey;
ALTER TABLE task_events DROP CONSTRAINT task_events_site_id_fkey;

-- The UNIQUE (site_id, id) constraint's index already serves these lookups.
DROP INDEX service_requests_by_site;

-- Times cross the wire as Unix microseconds. These were declared IMMUTABLE
-- but built on STABLE operators (timestamptz + interval and extract() from a
-- timestamptz depend on the session's TimeZone), so PostgreSQL refused to
-- inline them and ran each call through the SQL-function executor, parsing
-- the body again on every execution. Going through UTC timestamps makes them
-- truly immutable, hence inlined; the results are the same.
CREATE OR REPLACE FUNCTION us_to_ts(us bigint) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN timezone('UTC', timestamp '1970-01-01' + us * interval '1 microsecond');

CREATE OR REPLACE FUNCTION ts_to_us(ts timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (extract(epoch FROM timezone('UTC', ts)) * 1000000)::bigint;
