-- The API rate limit's state, shared by every replica (account.ApiRateLimits): one row per user who called the API,
-- the GCRA "theoretical arrival time" of their next request at the per-minute limit it was computed with (a changed
-- limit starts afresh). Unlogged: a crash only forgets who was close to their limit, and a request's one statement
-- waits for no WAL flush.
create unlogged table api_rate (
    user_id     bigint       primary key references user_account (id) on delete cascade,
    per_minute  integer      not null,
    tat         timestamptz  not null
);
