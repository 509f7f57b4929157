-- Live views are pushed, not polled (issue 13): every change a viewer can see is announced with NOTIFY from the
-- writing transaction itself. PostgreSQL delivers a notification when (and only if) that transaction commits, to
-- every listening session, so each platform replica (db.ChangeListener) hears the changes of all of them, whatever
-- code path or replica wrote them. Identical notifications (channel and payload) of one transaction arrive once.
--
--   dojo_episode     payload: the episode id       what the episode viewer shows changed (a step, a graded
--                                                   submission, state, counters, result)
--   dojo_submission  payload: the submission id    an episode of the submission changed state or result, or the
--                                                   submission itself changed
--   dojo_queue       payload: empty                queue positions or ETAs may have moved (an episode was queued,
--                                                   admitted, started or closed anywhere)
--
-- Bookkeeping updates that no viewer sees (leases, heartbeats, step claims, projection marks) notify nothing.

create function dojo_episode_changed() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        perform pg_notify('dojo_episode', old.id);
        if old.submission_id is not null then
            perform pg_notify('dojo_submission', old.submission_id::text);
        end if;
        perform pg_notify('dojo_queue', '');
        return null;
    end if;
    -- the columns of EpisodeWatch.Header
    if tg_op = 'INSERT' or (new.state, new.attempt, new.step_count, new.max_steps, new.wall_time_s, new.total_reward,
            new.best_feedback_score, new.best_human_rank, new.best_submission, new.started_at, new.ended_at,
            new.end_reason, new.result, new.data_hash, new.submission_id, new.agent_version_id, new.task_version_id)
            is distinct from (old.state, old.attempt, old.step_count, old.max_steps, old.wall_time_s, old.total_reward,
            old.best_feedback_score, old.best_human_rank, old.best_submission, old.started_at, old.ended_at,
            old.end_reason, old.result, old.data_hash, old.submission_id, old.agent_version_id, old.task_version_id) then
        perform pg_notify('dojo_episode', new.id);
    end if;
    -- the columns of SubmissionService.EpisodeLine
    if new.submission_id is not null and (tg_op = 'INSERT' or (new.state, new.attempt, new.end_reason, new.result,
            new.submission_id) is distinct from (old.state, old.attempt, old.end_reason, old.result, old.submission_id)) then
        perform pg_notify('dojo_submission', new.submission_id::text);
    end if;
    -- what Scheduler.positions and the mean episode duration (ETAs) read
    if tg_op = 'INSERT' or (new.state, new.priority, new.queued_at, new.started_at, new.ended_at, new.owner)
            is distinct from (old.state, old.priority, old.queued_at, old.started_at, old.ended_at, old.owner) then
        perform pg_notify('dojo_queue', '');
    end if;
    return null;
end
$$;

create trigger episode_live after insert or update or delete on episode
    for each row execute function dojo_episode_changed();

create function dojo_episode_part_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('dojo_episode', case when tg_op = 'DELETE' then old.episode_id else new.episode_id end);
    return null;
end
$$;

create trigger episode_step_live after insert or update or delete on episode_step
    for each row execute function dojo_episode_part_changed();

create trigger episode_submission_live after insert or update or delete on episode_submission
    for each row execute function dojo_episode_part_changed();

create function dojo_submission_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('dojo_submission', case when tg_op = 'DELETE' then old.id else new.id end::text);
    return null;
end
$$;

create trigger submission_live after insert or update or delete on submission
    for each row execute function dojo_submission_changed();
