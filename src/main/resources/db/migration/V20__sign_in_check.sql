-- The sign-in throttle's first step in one round trip (issue 13: a successful Basic sign-in used to cost two lock
-- queries, a check and a delete on every API request). Takes the attempt's transaction-scoped advisory locks (its
-- account's, then its address's: the same keys as before, so replicas of either version exclude each other), then
-- reads both counters. The function is VOLATILE, so the read takes its own snapshot after the locks are granted and
-- sees every failure counted by an attempt that held them before (in one plain statement the snapshot would be taken
-- before the locks are waited for).
--
--   retry_after      seconds until the later of the two blocked windows ends; 0 or less when neither key is blocked
--   account_counted  whether the account has a counter row at all (a success deletes it only then)
create function sign_in_check(account text, address text, window_seconds double precision, per_account integer,
        per_address integer, out retry_after double precision, out account_counted boolean)
        language plpgsql volatile as $$
begin
    perform pg_advisory_xact_lock(hashtext('sign-in:' || account), 7411);
    if address is not null then
        perform pg_advisory_xact_lock(hashtext('sign-in:' || address), 7411);
    end if;
    select coalesce(max(extract(epoch from t.window_start + make_interval(secs => window_seconds) - now()))
                    filter (where t.window_start > now() - make_interval(secs => window_seconds)
                      and ((t.key = account and per_account > 0 and t.failures >= per_account)
                        or (t.key = address and per_address > 0 and t.failures >= per_address))), 0),
           coalesce(bool_or(t.key = account), false)
      into retry_after, account_counted
      from sign_in_throttle t
     where t.key = account or t.key = address;
end $$;
