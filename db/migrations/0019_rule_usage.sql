-- How often each rule fired this month (ListRules, issue 21's rules page):
-- the month's actions of a site, found without reading all of them.
CREATE INDEX room_actions_by_time ON room_actions (site_id, created_at);
