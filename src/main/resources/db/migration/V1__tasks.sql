-- Tasks and their immutable versions (DESIGN §5, §6). Ids come from Hibernate's pooled sequences.
create sequence task_seq increment by 50;
create sequence task_version_seq increment by 50;

create table task (
    id                 bigint primary key,
    slug               varchar(100)  not null unique,
    current_version_id bigint,
    problem_file       varchar(300),
    problem_field      varchar(200),
    problem_reason     varchar(2000),
    problem_hash       varchar(64),
    created_at         timestamptz   not null,
    updated_at         timestamptz   not null
);

create table task_version (
    id               bigint primary key,
    task_id          bigint        not null references task (id),
    number           integer       not null,
    content_hash     varchar(64)   not null,
    title            varchar(300)  not null,
    domain           varchar(20)   not null,
    tags             varchar(2000) not null,
    summary          text          not null,
    metric_id        varchar(100)  not null,
    higher_is_better boolean       not null,
    data_source      varchar(20)   not null,
    board_kind       varchar(20)   not null,
    definition       jsonb         not null,
    status           varchar(20)   not null,
    data_status      varchar(20)   not null,
    data_error       varchar(4000),
    data_files       jsonb,
    prepared_at      timestamptz,
    created_at       timestamptz   not null,
    constraint task_version_number_unique unique (task_id, number),
    constraint task_version_hash_unique unique (task_id, content_hash)
);

alter table task
    add constraint task_current_version_fk foreign key (current_version_id) references task_version (id);

create index task_version_task_idx on task_version (task_id);
create index task_version_domain_idx on task_version (domain);
