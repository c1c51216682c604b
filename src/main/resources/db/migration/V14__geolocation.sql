-- Geolocation (issue #7; docs/geo-publish.md): XEP-0080 positions published to nodes, indexed per vehicle.
-- PostgreSQL is the truth; the Redis GEO index and any cache rebuild from geo_latest.

-- Herald's node options beside pubsub#node_config. Existing nodes get the defaults: index by item id, refuse
-- invalid geoloc payloads, never stale.
ALTER TABLE nodes
    ADD COLUMN geo_key     text NOT NULL DEFAULT 'item',
    ADD COLUMN geo_invalid text NOT NULL DEFAULT 'reject',
    -- seconds a vehicle may stay silent before it is told as stale; null: never
    ADD COLUMN stale_after bigint,
    ADD CONSTRAINT nodes_geo_key_ck CHECK (geo_key IN ('item', 'publisher')),
    ADD CONSTRAINT nodes_geo_invalid_ck CHECK (geo_invalid IN ('reject', 'flag')),
    ADD CONSTRAINT nodes_stale_after_ck CHECK (stale_after IS NULL OR stale_after > 0);

-- The stale sweep starts from the few nodes that have a stale_after.
CREATE INDEX nodes_stale_after_ix ON nodes (id) WHERE stale_after IS NOT NULL;

-- A subscription's area filter (herald#geo_area, XEP-0060 §13 content-based pubsub) in its one text form
-- (GeoArea.wire: "bbox=w,s,e,n" or "circle=lat,lon,radius"); null: no filter.
ALTER TABLE subscriptions ADD COLUMN geo_area text;

-- The latest-position index: one row per vehicle (index key) per node, holding the fix that advanced last
-- (Position.advances: later fix time, tie broken by seq). A publish locks its row (SELECT ... FOR UPDATE) so two
-- concurrent fixes of one vehicle are ordered and never move it backwards.
CREATE TABLE geo_latest (
    node_id   text             NOT NULL,
    key       text             NOT NULL,
    lat       double precision NOT NULL,
    lon       double precision NOT NULL,
    alt       double precision,
    accuracy  double precision,
    bearing   double precision,
    speed     double precision,
    label     text,
    fix_time  timestamptz      NOT NULL,
    received  timestamptz      NOT NULL,
    item_id   text             NOT NULL,
    -- the item's publication sequence number (0 when the node keeps no items)
    seq       bigint           NOT NULL,
    publisher text             NOT NULL,
    stale     boolean          NOT NULL DEFAULT false,
    CONSTRAINT geo_latest_pk PRIMARY KEY (node_id, key),
    CONSTRAINT geo_latest_node_fk FOREIGN KEY (node_id) REFERENCES nodes (id) ON DELETE CASCADE,
    CONSTRAINT geo_latest_lat_ck CHECK (lat BETWEEN -90 AND 90),
    CONSTRAINT geo_latest_lon_ck CHECK (lon BETWEEN -180 AND 180)
);
-- The stale sweep looks only at entries not yet stale, oldest first.
CREATE INDEX geo_latest_fresh_ix ON geo_latest (received) WHERE NOT stale;
-- A retraction finds the entry its item keyed.
CREATE INDEX geo_latest_item_ix ON geo_latest (node_id, item_id);

-- Every valid fix, late ones included, for track replay. Rows carry what a Position needs (received, publisher,
-- label) so a track point reads like an index entry. A surrogate key: one vehicle may send two fixes with one
-- timestamp (1 Hz devices do), and a node that keeps no items gives every fix seq 0.
CREATE TABLE geo_track (
    id        bigint           GENERATED ALWAYS AS IDENTITY,
    node_id   text             NOT NULL,
    key       text             NOT NULL,
    fix_time  timestamptz      NOT NULL,
    lat       double precision NOT NULL,
    lon       double precision NOT NULL,
    alt       double precision,
    accuracy  double precision,
    bearing   double precision,
    speed     double precision,
    label     text,
    received  timestamptz      NOT NULL,
    seq       bigint           NOT NULL,
    item_id   text             NOT NULL,
    publisher text             NOT NULL,
    -- the step from the previous latest fix implied an implausible speed (a GPS outlier)
    jump      boolean          NOT NULL DEFAULT false,
    CONSTRAINT geo_track_pk PRIMARY KEY (id),
    CONSTRAINT geo_track_node_fk FOREIGN KEY (node_id) REFERENCES nodes (id) ON DELETE CASCADE
);
-- Track queries read one vehicle over a time range in fix-time order.
CREATE INDEX geo_track_key_time_ix ON geo_track (node_id, key, fix_time);
