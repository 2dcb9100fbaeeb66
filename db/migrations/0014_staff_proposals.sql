-- Staff's own ideas (issue 18, item 10; seed Part 3: the Oriental's
-- mosquito net, 偏離標準操作程序). Any member of staff proposes a
-- personalised action for a guest that no rule suggested: what, why and an
-- estimated cost. It is a room action like a rule's, without a visit, and
-- praise can point at it.

ALTER TABLE room_actions ALTER COLUMN visit_id DROP NOT NULL;
ALTER TABLE room_actions
  ADD COLUMN proposed        boolean NOT NULL DEFAULT false,
  ADD COLUMN proposal_reason text NOT NULL DEFAULT '',
  -- A rule's action comes from a visit; a proposal says why.
  ADD CHECK (CASE WHEN proposed THEN proposal_reason <> ''
                  ELSE visit_id IS NOT NULL END);

-- Praise for what a guest thanked the hotel for: a room action (a
-- proposal, or a rule's action done well).
ALTER TABLE praise ADD COLUMN room_action_id bigint;
ALTER TABLE praise ADD CONSTRAINT praise_room_action
  FOREIGN KEY (site_id, room_action_id) REFERENCES room_actions (site_id, id);
CREATE INDEX praise_by_room_action ON praise (room_action_id)
  WHERE room_action_id IS NOT NULL;
