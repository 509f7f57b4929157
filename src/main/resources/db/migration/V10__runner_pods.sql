-- A Kubernetes episode's runner: the pod that claimed it (a second pod is refused) and its last sign of life.
alter table episode add column runner_pod_uid varchar(64);
alter table episode add column last_heartbeat_at timestamptz;
