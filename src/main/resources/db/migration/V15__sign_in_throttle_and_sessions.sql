-- Failed sign-ins per account and per client address (hostile audit, finding 11): one fixed window per key, shared by
-- all replicas. key is 'account:<user name>' or 'address:<client address>'; failures counts the attempts of the window
-- that were not (yet) successful.
create table sign_in_throttle (
    key           varchar(300)  primary key,
    failures      integer       not null,
    window_start  timestamptz   not null
);
create index sign_in_throttle_window on sign_in_throttle (window_start);

-- Server-side end of the built-in accounts' sign-in sessions: a form sign-in cookie issued before valid_after no
-- longer signs its holder in (sign-out, changed password or roles). credential_mac fingerprints the account's
-- password and roles as configured (HMAC with the session key), so that a change seen at startup ends old sessions.
create table sign_in_session (
    user_name       varchar(200)  primary key,
    valid_after     timestamptz   not null,
    credential_mac  varchar(100)
);
