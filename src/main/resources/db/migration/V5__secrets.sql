-- Secrets the platform needs (e.g. the Kaggle API key), encrypted with AES-GCM; never returned by any API.
create table platform_secret (
    name        varchar(100)  primary key,
    ciphertext  bytea         not null,
    iv          bytea         not null,
    updated_by  varchar(255)  not null,
    updated_at  timestamptz   not null
);
