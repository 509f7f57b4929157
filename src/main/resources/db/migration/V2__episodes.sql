-- Episodes (DESIGN §5) and their append-only step history (DESIGN §8).
create sequence episode_step_seq increment by 50;

create table episode (
    id                   varchar(36)   primary key,
    task_version_id      bigint        not null references task_version (id),
    task_slug            varchar(100)  not null,
    owner                varchar(200)  not null,
    agent_kind           varchar(20)   not null,
    seed                 bigint        not null,
    state                varchar(20)   not null,
    failure_reason       varchar(30),
    end_reason           varchar(300),
    max_steps            integer       not null,
    wall_time_s          integer       not null,
    score_mode           varchar(20)   not null,
    feedback_mode        varchar(20)   not null,
    step_count           integer       not null,
    submission_count     integer       not null,
    total_reward         double precision not null,
    best_feedback_score  double precision,
    best_human_rank      double precision,
    best_submission      integer,
    best_code            text,
    result               jsonb,
    created_at           timestamptz   not null,
    started_at           timestamptz,
    ended_at             timestamptz
);

create index episode_owner_idx on episode (owner, created_at desc);
create index episode_task_idx on episode (task_slug);

create table episode_step (
    id            bigint        primary key,
    episode_id    varchar(36)   not null references episode (id),
    number        integer       not null,
    action        varchar(100)  not null,
    params        jsonb         not null,
    status        varchar(20)   not null,
    error_kind    varchar(100),
    result        jsonb         not null,
    feedback      text          not null,
    reward        double precision,
    done          boolean       not null,
    started_at    timestamptz   not null,
    duration_ms   bigint        not null,
    constraint episode_step_number_unique unique (episode_id, number)
);

-- Every graded submission of an episode, with its full grade report. The report holds final-part scores and never
-- reaches the agent during the episode; only the platform reads it to compute the episode's result.
create sequence episode_submission_seq increment by 50;

create table episode_submission (
    id               bigint        primary key,
    episode_id       varchar(36)   not null references episode (id),
    number           integer       not null,
    step_number      integer       not null,
    file_path        varchar(1000) not null,
    valid            boolean       not null,
    error_kind       varchar(100),
    feedback_score   double precision,
    feedback_rank    double precision,
    report           jsonb,
    code             text          not null,
    created_at       timestamptz   not null,
    constraint episode_submission_number_unique unique (episode_id, number)
);
