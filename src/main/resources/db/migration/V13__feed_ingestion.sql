-- Feed ingestion (issue 5; docs/feed-ingestion.md): external RSS/Atom/JSON feeds polled and published to nodes.
-- Several instances share the work: a due feed is claimed with FOR UPDATE SKIP LOCKED and leased until claimed_until,
-- so a crashed claimer's feeds become claimable again when the lease ends.
create table feeds (
    id               bigserial primary key,
    url              text not null,                 -- moved to the permanent target after a 301/308 chain
    node_id          text not null,                 -- the Herald node entries are published to
    added_by         text not null,                 -- bare JID that registered it; must stay owner/publisher of the node
    status           text not null default 'pending'
                     check (status in ('pending', 'ok', 'error', 'gone', 'revoked')),
    etag             text,                          -- validators for conditional GET (RFC 9110 §13.1)
    last_modified    text,
    last_fetch       timestamptz,
    last_status      integer,                       -- HTTP status of the last fetch (null when none was reached)
    last_error       text,                          -- clear text; never a stack trace or secret
    failures         integer not null default 0,    -- consecutive failed fetches, drives the exponential backoff
    interval_seconds integer not null,              -- the interval chosen after the last successful fetch
    next_fetch       timestamptz not null,
    claimed_until    timestamptz,                   -- lease of the instance fetching it now
    items_published  bigint not null default 0,
    hub              text,                          -- WebSub hub the feed advertises (rel=hub), if any
    -- Herald's subscription at that hub (W3C WebSub §5.1), so pushed content arrives between polls
    websub_state     text check (websub_state in ('pending', 'active', 'failed')),
    websub_topic     text,                          -- hub.topic as requested (the feed's rel=self, or its URL)
    websub_secret    text,                          -- hub.secret (§5.1.1) for X-Hub-Signature (§8); never logged
    websub_until     timestamptz,                   -- active: lease end; pending/failed: when to ask again
    created          timestamptz not null,
    unique (url, node_id)
);
create index feeds_due_ix on feeds (next_fetch) where status not in ('gone', 'revoked');
create index feeds_added_by_ix on feeds (added_by);

-- The cursor: every entry already published, by its stable key, with the hash of the version published. It is the
-- only memory of what went out, so a restarted (or another) instance never publishes an entry twice.
create table feed_entries (
    feed_id      bigint not null references feeds (id) on delete cascade,
    entry_key    text not null,
    item_id      text not null,
    content_hash text not null,
    published    timestamptz not null,
    primary key (feed_id, entry_key)
);
