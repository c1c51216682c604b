-- Herald's core PubSub schema (XEP-0060): nodes, affiliations, subscriptions, items.
-- Enumerations are stored by their XEP-0060 wire names, constrained by CHECKs, so the data reads like the
-- protocol and a bad value can never be written, whichever client writes it.

-- Global publication order of items. One sequence for all nodes keeps "newest" well-defined even for items
-- published in the same microsecond; a re-publish draws a new value, so it becomes the newest.
CREATE SEQUENCE item_seq AS bigint;

-- One column per NodeConfig component (pubsub#node_config, XEP-0060 §16.4.4) rather than a jsonb blob:
-- each field is typed, constrained and queryable, and a new field becomes a visible migration.
CREATE TABLE nodes (
    id                       text        NOT NULL,
    creator                  text        NOT NULL,
    created                  timestamptz NOT NULL,
    node_type                text        NOT NULL,
    title                    text,
    description              text,
    access_model             text        NOT NULL,
    publish_model            text        NOT NULL,
    -- Long.MAX_VALUE stands for pubsub#max_items = "max"
    max_items                bigint      NOT NULL,
    persist_items            boolean     NOT NULL,
    deliver_payloads         boolean     NOT NULL,
    deliver_notifications    boolean     NOT NULL,
    notify_config            boolean     NOT NULL,
    notify_delete            boolean     NOT NULL,
    notify_retract           boolean     NOT NULL,
    notify_sub               boolean     NOT NULL,
    presence_based_delivery  boolean     NOT NULL,
    subscribe                boolean     NOT NULL,
    max_payload_size         integer     NOT NULL,
    send_last_published_item text        NOT NULL,
    notification_type        text        NOT NULL,
    payload_type             text,
    -- ordered lists as arrays: order is kept and they are never queried by element
    roster_groups_allowed    text[]      NOT NULL DEFAULT '{}',
    contact                  text[]      NOT NULL DEFAULT '{}',
    language                 text,
    CONSTRAINT nodes_pk PRIMARY KEY (id),
    CONSTRAINT nodes_node_type_ck CHECK (node_type IN ('leaf', 'collection')),
    CONSTRAINT nodes_access_model_ck CHECK (access_model IN ('open', 'presence', 'roster', 'authorize', 'whitelist')),
    CONSTRAINT nodes_publish_model_ck CHECK (publish_model IN ('publishers', 'subscribers', 'open')),
    CONSTRAINT nodes_max_items_ck CHECK (max_items >= 0),
    CONSTRAINT nodes_max_payload_size_ck CHECK (max_payload_size >= 0),
    CONSTRAINT nodes_send_last_published_item_ck
        CHECK (send_last_published_item IN ('never', 'on_sub', 'on_sub_and_presence')),
    CONSTRAINT nodes_notification_type_ck CHECK (notification_type IN ('normal', 'headline'))
);

-- Keyed by bare JID. "none" is never stored: a JID without a row has no affiliation.
CREATE TABLE affiliations (
    node_id     text NOT NULL,
    jid         text NOT NULL,
    affiliation text NOT NULL,
    CONSTRAINT affiliations_pk PRIMARY KEY (node_id, jid),
    CONSTRAINT affiliations_node_fk FOREIGN KEY (node_id) REFERENCES nodes (id) ON DELETE CASCADE,
    CONSTRAINT affiliations_affiliation_ck
        CHECK (affiliation IN ('owner', 'publisher', 'publish-only', 'member', 'outcast')),
    CONSTRAINT affiliations_jid_bare_ck CHECK (position('/' IN jid) = 0)
);
-- "my affiliations across nodes" (XEP-0060 §5.7)
CREATE INDEX affiliations_jid_ix ON affiliations (jid);

-- A JID (full or bare) may hold several subscriptions to one node, told apart by SubID (§6.1.6).
CREATE TABLE subscriptions (
    node_id  text        NOT NULL,
    sub_id   text        NOT NULL,
    jid      text        NOT NULL,
    -- the bare form of jid, so "all subscriptions of this account" is an index lookup
    bare_jid text        NOT NULL,
    state    text        NOT NULL,
    created  timestamptz NOT NULL,
    CONSTRAINT subscriptions_pk PRIMARY KEY (node_id, sub_id),
    CONSTRAINT subscriptions_node_fk FOREIGN KEY (node_id) REFERENCES nodes (id) ON DELETE CASCADE,
    CONSTRAINT subscriptions_state_ck CHECK (state IN ('none', 'pending', 'unconfigured', 'subscribed')),
    CONSTRAINT subscriptions_bare_jid_ck CHECK (jid = bare_jid OR left(jid, length(bare_jid) + 1) = bare_jid || '/')
);
CREATE INDEX subscriptions_bare_jid_ix ON subscriptions (bare_jid);

CREATE TABLE items (
    node_id   text        NOT NULL,
    item_id   text        NOT NULL,
    -- serialised payload XML; null for a notification-only item
    payload   text,
    publisher text        NOT NULL,
    published timestamptz NOT NULL,
    seq       bigint      NOT NULL DEFAULT nextval('item_seq'),
    CONSTRAINT items_pk PRIMARY KEY (node_id, item_id),
    CONSTRAINT items_node_fk FOREIGN KEY (node_id) REFERENCES nodes (id) ON DELETE CASCADE
);
-- newest-first listing and trimming walk this index
CREATE INDEX items_node_seq_ix ON items (node_id, seq DESC);

ALTER SEQUENCE item_seq OWNED BY items.seq;
