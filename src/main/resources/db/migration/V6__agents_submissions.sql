-- Agents, their versions, submissions, and queued episodes (DESIGN §5, §10).
create sequence agent_seq increment by 50;
create sequence agent_version_seq increment by 50;
create sequence submission_seq increment by 50;

create table agent (
    id          bigint        primary key,
    owner       varchar(255)  not null,
    name        varchar(100)  not null,
    kind        varchar(20)   not null,
    visibility  varchar(20)   not null,
    description varchar(2000),
    created_at  timestamptz   not null,
    constraint agent_owner_name_unique unique (owner, name)
);

create table agent_version (
    id          bigint        primary key,
    agent_id    bigint        not null references agent (id),
    number      integer       not null,
    config      jsonb         not null,
    created_at  timestamptz   not null,
    constraint agent_version_number_unique unique (agent_id, number)
);

create table submission (
    id               bigint        primary key,
    owner            varchar(255)  not null,
    agent_version_id bigint        not null references agent_version (id),
    suite            jsonb         not null,
    seeds            integer       not null,
    max_steps        integer       not null,
    wall_time_s      integer,
    priority         integer       not null,
    idempotency_key  varchar(200),
    state            varchar(20)   not null,
    created_at       timestamptz   not null,
    cancelled_at     timestamptz,
    constraint submission_idempotency_unique unique (owner, idempotency_key)
);

alter table episode add column submission_id bigint references submission (id);
alter table episode add column agent_version_id bigint references agent_version (id);
alter table episode add column attempt integer not null default 1;
alter table episode add column priority integer not null default 0;
alter table episode add column queued_at timestamptz;
alter table episode add column failure_detail varchar(2000);
alter table episode add column retry_of varchar(36);

create index episode_queued_idx on episode (state, priority desc, queued_at) where state = 'QUEUED';
create index episode_submission_idx on episode (submission_id);
