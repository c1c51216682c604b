-- Subscription options (XEP-0060 §6.3, pubsub#subscribe_options §17.4.5), one typed column per option as V1 does
-- for node configuration, plus the durable state of digests (§6.3 pubsub#digest) and leases (§13.19).
-- Existing rows get the default options (§6.4).
ALTER TABLE subscriptions
    ADD COLUMN deliver             boolean     NOT NULL DEFAULT true,
    ADD COLUMN digest              boolean     NOT NULL DEFAULT false,
    ADD COLUMN digest_frequency_ms bigint      NOT NULL DEFAULT 86400000,
    -- end of the lease (pubsub#expire); null for a subscription without lease
    ADD COLUMN expire              timestamptz,
    ADD COLUMN include_body        boolean     NOT NULL DEFAULT false,
    -- presence show values for which notifications are wanted (pubsub#show-values); empty means any
    ADD COLUMN show_values         text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN subscription_type   text        NOT NULL DEFAULT 'items',
    -- 2147483647 (Integer.MAX_VALUE) stands for pubsub#subscription_depth = "all"
    ADD COLUMN subscription_depth  integer     NOT NULL DEFAULT 1,
    -- Digest cursor: items of the node with seq > digest_seq have not been sent in a digest yet, and the next
    -- digest is due at digest_due. Both are written in the transaction that claims the digest, so a restart
    -- neither repeats nor skips one.
    ADD COLUMN digest_seq          bigint      NOT NULL DEFAULT 0,
    ADD COLUMN digest_due          timestamptz,
    ADD CONSTRAINT subscriptions_digest_frequency_ck CHECK (digest_frequency_ms > 0),
    ADD CONSTRAINT subscriptions_show_values_ck
        CHECK (show_values <@ ARRAY['away', 'chat', 'dnd', 'online', 'xa']::text[]),
    ADD CONSTRAINT subscriptions_subscription_type_ck CHECK (subscription_type IN ('items', 'nodes')),
    ADD CONSTRAINT subscriptions_subscription_depth_ck CHECK (subscription_depth >= 1),
    ADD CONSTRAINT subscriptions_digest_due_ck CHECK (NOT digest OR digest_due IS NOT NULL);

-- the digest job and the lease sweeper look only at the few rows that have a digest or a lease
CREATE INDEX subscriptions_digest_due_ix ON subscriptions (digest_due) WHERE digest;
CREATE INDEX subscriptions_expire_ix ON subscriptions (expire) WHERE expire IS NOT NULL;
