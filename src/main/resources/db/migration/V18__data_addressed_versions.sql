-- Data-addressed task versions (issue 12): a version records the SHA-256 of its prepared data (public + private files)
-- and where that data lives; a READY version's data is never re-imported in place, a new version of the same
-- definition is created instead, so several versions may now share one content hash.
alter table task_version drop constraint task_version_hash_unique;
create index task_version_hash_idx on task_version (task_id, content_hash);

-- null for rows prepared before this migration until the startup backfill records them
alter table task_version add column data_hash varchar(64);
-- relative to the data directory (dojo.data-dir): tasks/<task>/data/<first 16 hex of data_hash>, or the legacy tasks/<task>/<hash16>
alter table task_version add column data_dir varchar(500);

-- the data an episode runs and is graded on (its task version's data hash when it was created)
alter table episode add column data_hash varchar(64);
