-- The minibar (issue 18, item 7; seed Part 2 item 8). The seed's attendant
-- adds two more beers "to raise sales": the sale happens when the guest
-- drinks them, not when they are stocked, and the opened bottles on the
-- bedside table may be the guest's own. Restocking now records what was
-- added and charges nothing; the minibar is counted, and what was consumed
-- (what it should have held less what is counted) is charged to the stay
-- once, at the item's price.

-- What a hotel's minibars hold and what each costs the guest (seeded from
-- db/seed/housekeeping_minibar.tsv for a new hotel).
CREATE TABLE minibar_items (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id       bigint NOT NULL REFERENCES sites,
  code          text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9_]{0,63}$'),
  title_zh      text NOT NULL,
  title_en      text NOT NULL,
  price_minor   bigint NOT NULL CHECK (price_minor >= 0),
  currency_code text NOT NULL CHECK (currency_code ~ '^[A-Z]{3}$'),
  created_at    timestamptz NOT NULL,
  created_by    text NOT NULL,
  UNIQUE (site_id, code)
);

-- What each room's minibar should hold now, per item: the last count plus
-- what was restocked since. A row exists once the item was counted or
-- restocked in the room; before that a count is the starting point.
CREATE TABLE minibar_stock (
  site_id     bigint NOT NULL,
  room_number text NOT NULL,
  item_code   text NOT NULL,
  expected    integer NOT NULL CHECK (expected >= 0),
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (site_id, room_number, item_code),
  FOREIGN KEY (site_id, item_code) REFERENCES minibar_items (site_id, code)
);

-- A count of a room's minibar, and the stay it charged (NULL: nobody to
-- charge).
CREATE TABLE minibar_counts (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id     bigint NOT NULL REFERENCES sites,
  room_number text NOT NULL,
  stay_id     bigint,
  guest_id    bigint REFERENCES guests,
  counted_by  text NOT NULL,
  created_at  timestamptz NOT NULL,
  UNIQUE (site_id, id),
  FOREIGN KEY (site_id, stay_id) REFERENCES stays (site_id, id)
);
CREATE INDEX minibar_counts_by_room ON minibar_counts (site_id, room_number, id);

-- One line per item counted: what it should have held (NULL: never counted
-- nor restocked before), what was there, what was consumed and the
-- consumption entry that charged it.
CREATE TABLE minibar_count_lines (
  count_id         bigint NOT NULL REFERENCES minibar_counts,
  position         integer NOT NULL,
  item_code        text NOT NULL,
  title_zh         text NOT NULL,
  title_en         text NOT NULL,
  counted          integer NOT NULL CHECK (counted BETWEEN 0 AND 99),
  expected         integer CHECK (expected >= 0),
  consumed         integer NOT NULL CHECK (consumed >= 0),
  unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
  currency_code    text NOT NULL,
  consumption_id   bigint REFERENCES guest_consumption,
  PRIMARY KEY (count_id, position)
);

-- What was added to a room's minibar, by whom, through which action.
CREATE TABLE minibar_restocks (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id        bigint NOT NULL REFERENCES sites,
  room_number    text NOT NULL,
  item_code      text NOT NULL,
  quantity       integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  room_action_id bigint,
  restocked_by   text NOT NULL,
  created_at     timestamptz NOT NULL,
  FOREIGN KEY (site_id, item_code) REFERENCES minibar_items (site_id, code),
  FOREIGN KEY (site_id, room_action_id) REFERENCES room_actions (site_id, id)
);
CREATE INDEX minibar_restocks_by_room ON minibar_restocks (site_id, room_number, id);

-- An action that restocks the minibar names the item it adds; DONE adds the
-- action's quantity of it and charges nothing.
ALTER TABLE action_definitions ADD COLUMN minibar_item text NOT NULL DEFAULT '';
ALTER TABLE room_actions ADD COLUMN minibar_item text NOT NULL DEFAULT '';

-- The default items in every hotel that exists already (a new hotel gets
-- db/seed/housekeeping_minibar.tsv, the same rows).
INSERT INTO minibar_items (site_id, code, title_zh, title_en, price_minor,
                           currency_code, created_at, created_by)
SELECT s.id, v.code, v.title_zh, v.title_en, v.price_minor, s.currency_code,
       s.created_at, 'system'
FROM sites s
CROSS JOIN (VALUES ('BEER', '啤酒', 'Beer', 1500),
                   ('SOFT_DRINK', '汽水', 'Soft drink', 1000),
                   ('MINERAL_WATER', '礦泉水', 'Mineral water', 800),
                   ('JUICE', '果汁', 'Juice', 1200),
                   ('SNACKS', '零食', 'Snacks', 2000))
  AS v (code, title_zh, title_en, price_minor)
WHERE s.kind = 'HOTEL';

-- The seeded action said "Restock the minibar and charge the room": it now
-- adds beer (the seed's two beers) and charges nothing. Only the defaults
-- ("system") change; a hotel's own actions are its own.
UPDATE action_definitions
SET title_zh = '補充迷你吧（飲用後才記賬）',
    title_en = 'Restock the minibar (charged when consumed)',
    is_sale = false, cost_minor = 0, minibar_item = 'BEER'
WHERE code = 'RESTOCK_MINIBAR' AND created_by = 'system';

-- Restocks suggested under the old text and not yet done would charge when
-- done: they become restocks too.
UPDATE room_actions a
SET title_zh = d.title_zh, title_en = d.title_en, is_sale = false,
    unit_cost_minor = 0, minibar_item = d.minibar_item,
    version = a.version + 1
FROM action_definitions d
WHERE d.site_id = a.site_id AND d.code = a.code
  AND a.code = 'RESTOCK_MINIBAR' AND d.created_by = 'system'
  AND a.state IN ('SUGGESTED', 'PENDING_APPROVAL', 'APPROVED');

-- Opened drinks are not the minibar's by themselves.
UPDATE observation_codes
SET label_zh = '房內有已開的飲料', label_en = 'Opened drinks in the room'
WHERE code = 'OPENED_DRINKS' AND created_by = 'system';

UPDATE housekeeping_rules
SET title_zh = '房內有已開的飲料：補充迷你吧，點算後才記賬',
    title_en = 'Drinks opened in the room: restock the minibar; a count charges what was drunk from it',
    version = version + 1
WHERE code = 'MINIBAR_CONSUMED' AND updated_by = 'system';
