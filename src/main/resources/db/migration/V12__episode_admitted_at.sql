-- When the scheduler admitted the episode into its launcher: a Kubernetes episode's Job is created right after the
-- admission commits, so for a moment an admitted episode has no Job yet (and the reconciler must not call it gone).
alter table episode add column admitted_at timestamptz;
