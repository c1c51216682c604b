-- XEP-0060 items work: pubsub#item_expire and pubsub#itemreply (§17.4.4, §13.17), and the index that serves
-- XEP-0313 time-range queries and the expiry sweeper.

-- Seconds an item lives after publication; null: items never expire ("max").
ALTER TABLE nodes ADD COLUMN item_expire bigint;
ALTER TABLE nodes ADD CONSTRAINT nodes_item_expire_ck CHECK (item_expire IS NULL OR item_expire > 0);

-- Existing nodes keep what they did before the option existed: items name their publisher.
ALTER TABLE nodes ADD COLUMN itemreply text NOT NULL DEFAULT 'publisher';
ALTER TABLE nodes ADD CONSTRAINT nodes_itemreply_ck CHECK (itemreply IN ('owner', 'publisher', 'none'));

-- MAM's start/end filters and the sweeper's "published before" both walk a node's items by time.
CREATE INDEX items_node_published_ix ON items (node_id, published);

-- The sweeper only visits nodes that expire items.
CREATE INDEX nodes_item_expire_ix ON nodes (id) WHERE item_expire IS NOT NULL;
