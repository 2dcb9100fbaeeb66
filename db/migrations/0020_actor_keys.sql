-- Actors are stored as principal keys, not API names (issue 20): who did
-- something is kept as the principal's kind, id and site
-- ("staff:12@1", "resident:7@1", "partner:2@1", "stay:5@1", "admin:1";
-- "system" for the server's own moves), and the api spells it as a
-- resource name when it answers (api::ActorName). Until now these columns
-- held "sites/1/staff/12" and the like, so a change to the API's names
-- would have meant rewriting history.
--
-- Free-text "who" columns (a parcel's collector, who let staff in, who
-- praised) are not actors and are left as typed.

CREATE FUNCTION pg_temp.actor_key(name text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN name ~ '^sites/[0-9]+/staff/[0-9]+$' THEN
      regexp_replace(name, '^sites/([0-9]+)/staff/([0-9]+)$', 'staff:\2@\1')
    WHEN name ~ '^sites/[0-9]+/residents/[0-9]+$' THEN
      regexp_replace(name, '^sites/([0-9]+)/residents/([0-9]+)$',
                     'resident:\2@\1')
    WHEN name ~ '^sites/[0-9]+/partners/[0-9]+$' THEN
      regexp_replace(name, '^sites/([0-9]+)/partners/([0-9]+)$',
                     'partner:\2@\1')
    WHEN name ~ '^sites/[0-9]+/stays/[0-9]+$' THEN
      regexp_replace(name, '^sites/([0-9]+)/stays/([0-9]+)$', 'stay:\2@\1')
    WHEN name ~ '^admins/[0-9]+$' THEN
      regexp_replace(name, '^admins/([0-9]+)$', 'admin:\1')
    ELSE name
  END
$$;

-- The append-only tables' guards stand aside for this one rewrite.
ALTER TABLE task_events DISABLE TRIGGER task_events_no_update;
ALTER TABLE complaint_events DISABLE TRIGGER complaint_events_no_update;
ALTER TABLE front_desk_history DISABLE TRIGGER front_desk_history_no_update;
ALTER TABLE custody_records DISABLE TRIGGER custody_records_guard;

DO $$
DECLARE
  target text[];
BEGIN
  FOREACH target SLICE 1 IN ARRAY ARRAY[
    ['service_items', 'approved_by'],
    ['service_prices', 'proposed_by'],
    ['service_prices', 'decided_by'],
    ['announcements', 'created_by'],
    ['announcements', 'published_by'],
    ['lookups', 'principal'],
    ['service_requests', 'registered_by'],
    ['service_requests', 'quoted_by'],
    ['service_requests', 'price_decided_by'],
    ['service_requests', 'settled_by'],
    ['task_events', 'actor'],
    ['repair_history', 'done_by'],
    ['guests', 'created_by'],
    ['guests', 'merged_by'],
    ['guests', 'erased_by'],
    ['stays', 'created_by'],
    ['stays', 'checked_out_by'],
    ['guest_preferences', 'recorded_by'],
    ['guest_notes', 'author'],
    ['guest_consumption', 'recorded_by'],
    ['guest_access_log', 'principal'],
    ['rooms', 'created_by'],
    ['room_assignments', 'assigned_by'],
    ['observation_codes', 'created_by'],
    ['action_definitions', 'created_by'],
    ['housekeeping_rules', 'updated_by'],
    ['room_visits', 'visited_by'],
    ['room_actions', 'requested_by'],
    ['room_actions', 'decided_by'],
    ['room_actions', 'outcome_by'],
    ['handover_notes', 'author'],
    ['follow_ups', 'recorded_by'],
    ['complaints', 'created_by'],
    ['complaints', 'resolved_by'],
    ['complaint_events', 'actor'],
    ['praise', 'recorded_by'],
    ['evaluations', 'evaluator'],
    ['service_plans', 'created_by'],
    ['service_plans', 'approved_by'],
    ['suggestions', 'decided_by'],
    ['suggestions', 'created_by'],
    ['surveys', 'created_by'],
    ['survey_responses', 'submitted_by'],
    ['parcels', 'logged_by'],
    ['parcels', 'handed_over_by'],
    ['custody_records', 'deposited_by'],
    ['custody_records', 'received_by'],
    ['custody_records', 'handed_over_by'],
    ['lendable_items', 'created_by'],
    ['lendable_items', 'stock_changed_by'],
    ['loans', 'lent_by'],
    ['loans', 'received_by'],
    ['visitor_messages', 'left_by'],
    ['visitor_messages', 'acknowledged_by'],
    ['community_events', 'created_by'],
    ['community_events', 'cancelled_by'],
    ['event_registrations', 'registered_by'],
    ['event_registrations', 'cancelled_by'],
    ['event_registrations', 'attendance_recorded_by'],
    ['front_desk_history', 'actor'],
    ['minibar_items', 'created_by'],
    ['minibar_counts', 'counted_by'],
    ['minibar_restocks', 'restocked_by'],
    ['reservations', 'created_by'],
    ['arrival_preparations', 'done_by']
  ] LOOP
    EXECUTE format(
      'UPDATE %I SET %I = pg_temp.actor_key(%I) WHERE %I LIKE ''sites/%%'' '
      'OR %I LIKE ''admins/%%''',
      target[1], target[2], target[2], target[2], target[2], target[2]);
  END LOOP;
END
$$;

ALTER TABLE task_events ENABLE TRIGGER task_events_no_update;
ALTER TABLE complaint_events ENABLE TRIGGER complaint_events_no_update;
ALTER TABLE front_desk_history ENABLE TRIGGER front_desk_history_no_update;
ALTER TABLE custody_records ENABLE TRIGGER custody_records_guard;

DROP FUNCTION pg_temp.actor_key(text);
