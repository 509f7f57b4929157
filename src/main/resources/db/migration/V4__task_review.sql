-- The review of prepared data (checks before activation) and what prepared it.
alter table task_version add column review jsonb;
alter table task_version add column prepared_by varchar(255);
