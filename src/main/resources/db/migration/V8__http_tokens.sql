-- Bearer tokens for the HTTP front-end (issue 4). Only a SHA-256 of each token is kept: a token is 256 random bits,
-- so a fast hash is enough to make a stolen table useless (no dictionary to try), and lookups stay one index probe.
create table http_tokens (
    id          text primary key,               -- public handle, shown in listings and used to revoke
    token_hash  bytea not null unique,
    jid         text not null,                  -- the actor this token speaks for, as over XMPP
    label       text,
    created     timestamptz not null,
    expires     timestamptz                     -- null: until revoked
);
create index http_tokens_jid_ix on http_tokens (jid);
