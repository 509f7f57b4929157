-- A retried episode waits out a backoff before it may be admitted again.
alter table episode add column not_before timestamptz;
