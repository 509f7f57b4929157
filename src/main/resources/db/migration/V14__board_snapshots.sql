-- A board as computed for one version of the projection: pages read it, URLs can cite it, it never changes.
create table board_snapshot (
    scope       varchar(220)  not null,
    version     bigint        not null,
    rows        jsonb         not null,
    created_at  timestamptz   not null,
    primary key (scope, version)
);
