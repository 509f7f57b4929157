-- Admins decide who may register external agent programs (they run in the sandbox, but are still programs of the
-- submitter's choosing on the platform's hosts).
alter table user_account add column external_agents boolean not null default false;
