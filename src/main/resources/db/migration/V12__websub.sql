-- W3C WebSub hub (issue 4; docs/websub.md). A subscription is identified by its (topic, callback) pair: §5.1.2 says
-- each verified request overrides the previous state "for a specific topic URL and callback URL combination".
create table websub_subscriptions (
    id             bigserial primary key,
    topic          text not null,                  -- the topic URL as the subscriber named it (rel=self of deliveries, §7)
    callback       text not null,
    node_id        text not null,                  -- the Herald node the topic is a feed of
    format         text not null check (format in ('atom', 'rss', 'json')), -- the topic's feed format (§7 Content-Type)
    secret         text,                           -- hub.secret (§5.1.1), for X-Hub-Signature (§7.1); never logged
    lease_seconds  integer not null check (lease_seconds > 0),
    expires        timestamptz not null,           -- leases are never perpetual (§5.1.1 hub.lease_seconds)
    created        timestamptz not null,
    updated        timestamptz not null,
    unique (topic, callback)
);
create index websub_subscriptions_node_ix on websub_subscriptions (node_id, format, expires);
create index websub_subscriptions_expires_ix on websub_subscriptions (expires);

-- The durable delivery queue (§7 content distribution): one row per subscription and publish, claimed by workers of
-- any instance with FOR UPDATE SKIP LOCKED; next_attempt doubles as the claim lease, so a crashed worker's claims
-- become due again. Rows go with their subscription.
create table websub_deliveries (
    id               bigserial primary key,
    subscription_id  bigint not null references websub_subscriptions (id) on delete cascade,
    node_id          text not null,                -- re-checked for anonymous readability before each batch goes out
    content_type     text not null,
    body             text not null,
    attempts         integer not null default 0,
    next_attempt     timestamptz not null,
    created          timestamptz not null
);
create index websub_deliveries_due_ix on websub_deliveries (next_attempt);
create index websub_deliveries_subscription_ix on websub_deliveries (subscription_id);
