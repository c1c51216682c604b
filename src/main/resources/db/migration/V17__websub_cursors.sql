-- WebSub deliveries at least once for every committed item (issue 9; docs/websub.md "Never missing an item").
-- Per node: the highest item sequence number whose deliveries are queued. Items of one node take their seq under the
-- node's lock, so they commit in seq order and "every item up to seq" is a prefix. Advancing the cursor and queueing
-- the deliveries for the items it passes happen in one transaction (compare-and-set on the old value), so a publish
-- whose enqueue failed (PostgreSQL gone, Herald killed) is found again by the catch-up sweep, and never queued twice.
create table websub_cursors (
    node_id  text primary key,
    seq      bigint not null
);

-- Nodes followed before this migration start from their newest item: nothing already published is sent again.
insert into websub_cursors (node_id, seq)
select s.node_id, coalesce((select max(i.seq) from items i where i.node_id = s.node_id), 0)
from (select distinct node_id from websub_subscriptions) s;
