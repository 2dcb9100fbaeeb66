-- Room actions have deadlines (issue 18, item 9). An action that waits,
-- for a supervisor's approval or for another department (CALL_DOCTOR at
-- the front desk), is useful only until a time: birthday flowers before the
-- end of the birthday, a doctor within minutes. As the time nears it
-- escalates to the manager; once it passed it expires, with the reason
-- shown to the attendant. The request sweeper does both, once across
-- replicas.

-- How long an action of this kind stays useful while it waits; 0: the
-- default (housekeeping.h, WaitingDeadline).
ALTER TABLE action_definitions
  ADD COLUMN deadline_minutes integer NOT NULL DEFAULT 0
    CHECK (deadline_minutes BETWEEN 0 AND 10080);

-- The seeded department tasks: a doctor within 30 minutes, the supervisor
-- within the hour.
UPDATE action_definitions SET deadline_minutes = 30
WHERE code = 'CALL_DOCTOR' AND created_by = 'system';
UPDATE action_definitions SET deadline_minutes = 60
WHERE code = 'NOTIFY_SUPERVISOR' AND created_by = 'system';

ALTER TABLE room_actions
  ADD COLUMN deadline_at      timestamptz,
  ADD COLUMN escalate_at      timestamptz,
  ADD COLUMN escalation_level integer NOT NULL DEFAULT 0
    CHECK (escalation_level BETWEEN 0 AND 1),
  ADD COLUMN expired_at       timestamptz,
  ADD COLUMN expiry_reason_zh text NOT NULL DEFAULT '',
  ADD COLUMN expiry_reason_en text NOT NULL DEFAULT '',
  ADD CHECK ((escalate_at IS NULL) = (deadline_at IS NULL));

-- EXPIRED joins the states (kActionTransitions in
-- server/domain/housekeeping.cc).
ALTER TABLE room_actions DROP CONSTRAINT room_actions_state_check;
ALTER TABLE room_actions ADD CONSTRAINT room_actions_state_check
  CHECK (state IN ('SUGGESTED', 'PENDING_APPROVAL', 'APPROVED', 'DONE',
                   'SKIPPED', 'REJECTED', 'EXPIRED'));
ALTER TABLE room_actions ADD CHECK ((state = 'EXPIRED') = (expired_at IS NOT NULL));

-- What the sweeper looks at: open actions with a deadline.
CREATE INDEX room_actions_waiting ON room_actions (id)
  WHERE deadline_at IS NOT NULL
    AND state IN ('SUGGESTED', 'PENDING_APPROVAL', 'APPROVED');
-- The room's recently expired actions (the attendant's day).
CREATE INDEX room_actions_expired_by_room
  ON room_actions (site_id, room_number, expired_at)
  WHERE state = 'EXPIRED';
