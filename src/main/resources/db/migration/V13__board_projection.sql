-- Boards read per-(agent version, task) aggregates written as episodes end, never every episode per request.
create table board_entry (
    id                bigint           not null primary key,
    agent_version_id  bigint           not null references agent_version (id),
    task_slug         varchar(200)     not null,
    domain            varchar(50)      not null,
    episodes          int              not null,
    valid             int              not null,
    human_rank_mean   double precision not null,
    final_score_mean  double precision,
    runs              jsonb            not null,
    version           bigint           not null,
    updated_at        timestamptz      not null,
    unique (agent_version_id, task_slug)
);
create sequence board_entry_seq start with 1 increment by 50;
create sequence board_version_seq;
create index board_entry_task_idx on board_entry (task_slug);

-- an ended episode of a submission waits here until the projector has folded it into its board entry
alter table episode add column projected_at timestamptz;
create index episode_unprojected_idx on episode (ended_at)
    where projected_at is null and agent_version_id is not null and state in ('FINISHED', 'FAILED', 'CANCELLED');
