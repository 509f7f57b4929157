-- LLM endpoints admins allow-listed on the admin page, in addition to dojo.llm.allowed-base-urls (hostile audit,
-- finding 10): the effective list is the configured one together with these.
create table llm_allowed_base_url (
    url         varchar(500)  primary key,
    added_by    varchar(200)  not null,
    added_at    timestamptz   not null
);
