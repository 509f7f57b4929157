-- Accounts (DESIGN §5 account/): users keyed by OIDC subject, personal API tokens, quotas, usage and the audit log.
create sequence user_account_seq increment by 50;
create sequence api_token_seq increment by 50;
create sequence usage_event_seq increment by 50;
create sequence audit_entry_seq increment by 50;

create table user_account (
    id                          bigint        primary key,
    subject                     varchar(255)  not null unique,
    name                        varchar(255)  not null,
    email                       varchar(320),
    roles                       varchar(255)  not null,
    quota_episodes_per_day      integer,
    quota_concurrent_episodes   integer,
    quota_grades_per_day        integer,
    quota_queued_episodes       integer,
    rate_limit_per_minute       integer,
    created_at                  timestamptz   not null,
    last_seen_at                timestamptz   not null
);
create index user_account_name_idx on user_account (name);

create table api_token (
    id            bigint        primary key,
    user_id       bigint        not null references user_account (id),
    name          varchar(100)  not null,
    token_hash    varchar(64)   not null unique,
    token_prefix  varchar(16)   not null,
    scopes        varchar(255)  not null,
    created_at    timestamptz   not null,
    last_used_at  timestamptz,
    expires_at    timestamptz,
    revoked_at    timestamptz
);
create index api_token_user_idx on api_token (user_id);

create table usage_event (
    id        bigint        primary key,
    user_id   bigint        not null references user_account (id),
    kind      varchar(40)   not null,
    ref       varchar(100),
    at        timestamptz   not null,
    refunded  boolean       not null
);
create index usage_event_user_kind_idx on usage_event (user_id, kind, at);

create table audit_entry (
    id        bigint        primary key,
    actor     varchar(255)  not null,
    action    varchar(100)  not null,
    target    varchar(255)  not null,
    before    jsonb,
    after     jsonb,
    at        timestamptz   not null
);
create index audit_entry_at_idx on audit_entry (at desc);
