-- A room's latest visit on a date (RoomDay.last_visit_time, read for every
-- room of an attendant's day): found in the index, not by reading every
-- visit the room ever had (room_visits_by_room orders by id only).
CREATE INDEX room_visits_by_room_time
  ON room_visits (site_id, room_number, created_at);
