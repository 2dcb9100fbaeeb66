-- Front desk corrections: an event called off before it starts, and the
-- stock of a lendable corrected (bought more, some lost or broken).

ALTER TABLE community_events
  ADD COLUMN cancelled_by  text NOT NULL DEFAULT '',
  ADD COLUMN cancelled_at  timestamptz,
  ADD COLUMN cancel_reason text NOT NULL DEFAULT '',
  ADD CHECK ((cancelled_at IS NULL) = (cancel_reason = ''));

-- The last correction only: loans record every unit that went out and came
-- back, so the history of the count itself is who changed it and why.
ALTER TABLE lendable_items
  ADD COLUMN stock_changed_by    text NOT NULL DEFAULT '',
  ADD COLUMN stock_changed_at    timestamptz,
  ADD COLUMN stock_change_reason text NOT NULL DEFAULT '';
