-- Dataset exports page through finished episodes of agents by (ended_at, id) (DatasetService): one index for the
-- board-wide keyset, one for an agent's episodes (joined through agent_version); a submission's use episode_submission_idx.
create index episode_dataset_keyset_idx on episode (ended_at, id)
    where state = 'FINISHED' and agent_version_id is not null;
create index episode_dataset_agent_idx on episode (agent_version_id, ended_at, id)
    where state = 'FINISHED';
