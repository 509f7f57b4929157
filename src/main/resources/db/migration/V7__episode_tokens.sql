-- Episode tokens, LLM budgets and the agent's messages (DESIGN §5, §9 "LLM gateway").
-- The token is stored as a SHA-256 hash; it authenticates only while its episode runs.
alter table episode add column token_hash varchar(64);
alter table episode add column max_tokens bigint;
alter table episode add column max_cost double precision;
create unique index episode_token_idx on episode (token_hash) where token_hash is not null;

alter table submission add column max_tokens bigint;
alter table submission add column max_cost double precision;

-- Append-only: every message the agent sent to the gateway and every answer, with the answer's usage and cost.
create sequence agent_message_seq increment by 50;
create table agent_message (
    id                bigint        primary key,
    episode_id        varchar(36)   not null references episode (id),
    turn              integer       not null,
    role              varchar(20)   not null,
    content           text          not null,
    prompt_tokens     integer,
    completion_tokens integer,
    cost              double precision,
    created_at        timestamptz   not null
);
create index agent_message_episode_idx on agent_message (episode_id, id);
