-- Episodes are safe with several platform replicas: who runs an episode and until when its runner is known to be
-- alive (a heartbeat lease), which launcher runs it, and the claim of the step in progress (one step at a time on any
-- replica).
alter table episode add column runner_instance varchar(200);
alter table episode add column lease_until timestamptz;
alter table episode add column launcher varchar(20) not null default 'local';
alter table episode add column step_claim varchar(36);
alter table episode add column step_claimed_until timestamptz;

-- the lease sweep looks at active episodes of submissions only
create index episode_active_lease_idx on episode (lease_until) where state in ('STARTING', 'RUNNING');
create index episode_retry_of_idx on episode (retry_of) where retry_of is not null;
