-- A task's data import (admin.CurationService) is recorded here rather than in the memory of the replica that runs it:
-- any replica refuses a second import of a task while one runs anywhere, and shows the job's progress. One row per
-- task, its latest import. The replica running it renews lease_until; a running job whose lease has passed died with
-- its replica, and a new import may take its place.
create table task_preparation (
    task_slug    varchar(255)      primary key,
    version      integer           not null,
    state        varchar(20)       not null,
    step         text              not null,
    fraction     double precision  not null,
    message      text,
    checks       jsonb             not null,
    data_hash    varchar(64),
    started_at   timestamptz       not null,
    ended_at     timestamptz,
    instance     varchar(255)      not null,
    lease_until  timestamptz       not null
);

-- Live views (see V19): the preparation's viewers hear of every change they show (not of lease renewals).
create function dojo_preparation_changed() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' or (new.version, new.state, new.step, new.fraction, new.message, new.checks, new.data_hash,
            new.started_at, new.ended_at) is distinct from (old.version, old.state, old.step, old.fraction, old.message,
            old.checks, old.data_hash, old.started_at, old.ended_at) then
        perform pg_notify('dojo_preparation', new.task_slug);
    end if;
    return null;
end
$$;

create trigger task_preparation_live after insert or update on task_preparation
    for each row execute function dojo_preparation_changed();
