-- Admission reads the head of each submitter's queue and each submitter's usage; both stay index-only work as the
-- queue and the day's episodes grow (see src/docs/performance.md, the scheduler load test).
create index episode_queue_heads_idx on episode (owner, priority desc, queued_at, id) where state = 'QUEUED';
create index episode_submission_started_idx on episode (started_at) where submission_id is not null;
