package dev.mledojo.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/**
 * Counts failed sign-ins per account and per client address in PostgreSQL ({@code sign_in_throttle}), so that every
 * replica sees the same counters. An attempt runs under two transaction-scoped advisory locks (its account's, then its
 * address's): the "blocked?" check, the password check and the counting are one step, so parallel guesses cannot slip
 * past the limit. A blocked attempt never reaches the password check; a success clears the account's counter.
 * <p>
 * The locks and the check are one round trip (the database function {@code sign_in_check}, which also says whether
 * the account has a counter), so a success without earlier failures (every API request with Basic) costs that
 * statement and the commit, and writes nothing.
 */
@ApplicationScoped
public class SignInThrottle {

    /** What became of an attempt: an identity, a failure, or a refusal (retry after that many seconds). */
    public record Outcome(SecurityIdentity identity, RuntimeException failure, long retryAfterSeconds) {
        public boolean refused() {
            return retryAfterSeconds > 0;
        }
    }

    private final EntityManager em;
    private final SignInThrottleConfig config;

    public SignInThrottle(EntityManager em, SignInThrottleConfig config) {
        this.em = em;
        this.config = config;
    }

    /**
     * Runs {@code check} (the password check) unless the account or the address is blocked, and counts its failure.
     * {@code address} may be null when the request's address is unknown (then only the account counts).
     */
    @Transactional
    public Outcome attempt(String userName, String address, Supplier<SecurityIdentity> check) {
        String account = accountKey(userName);
        String from = address == null ? null : "address:" + address;
        // the same round trip reads the built-in account's id (null before its first sign-in), so that the request
        // knows its account without another query (AccountService.requester)
        Object[] checked = (Object[]) em.createNativeQuery("""
                select c.retry_after, c.account_counted, (select u.id from user_account u where u.subject = ?6)
                from sign_in_check(?1, nullif(?2, ''), ?3, ?4, ?5) c""")
                .setParameter(1, account).setParameter(2, from == null ? "" : from)
                .setParameter(3, (double) config.window().toSeconds())
                .setParameter(4, config.perAccount()).setParameter(5, config.perAddress())
                // a name the key had to hash (control characters, NUL) names no account: PostgreSQL refuses NUL
                .setParameter(6, plain(userName) ? AccountService.LOCAL_SUBJECT + userName : "").getSingleResult();
        long retry = retryAfter(((Number) checked[0]).doubleValue());
        if (retry > 0) {
            Log.infof("sign-in refused without a password check: too many failures for %s or from %s", account, from);
            return new Outcome(null, null, retry);
        }
        try {
            SecurityIdentity identity = check.get();
            if (Boolean.TRUE.equals(checked[1])) {
                em.createNativeQuery("delete from sign_in_throttle where key = ?1").setParameter(1, account).executeUpdate();
            }
            if (checked[2] instanceof Number id && identity != null && !identity.isAnonymous()
                    && identity.getPrincipal().getName().equals(userName)) {
                identity = QuarkusSecurityIdentity.builder(identity).addAttribute(AccountService.USER_ID, id.longValue())
                        .build();
            }
            return new Outcome(identity, null, 0);
        } catch (AuthenticationFailedException e) {
            fail(account);
            if (from != null) {
                fail(from);
            }
            return new Outcome(null, e, 0);
        }
    }

    /** Whole seconds until the later blocked window ends (at least 1 while blocked), or 0 when neither key is. */
    private static long retryAfter(double seconds) {
        return seconds <= 0 ? 0 : Math.max(1, (long) Math.ceil(seconds));
    }

    private void fail(String key) {
        em.createNativeQuery("""
                insert into sign_in_throttle (key, failures, window_start) values (?1, 1, now())
                on conflict (key) do update set
                  failures = case when sign_in_throttle.window_start <= now() - make_interval(secs => ?2) then 1
                                  else sign_in_throttle.failures + 1 end,
                  window_start = case when sign_in_throttle.window_start <= now() - make_interval(secs => ?2) then now()
                                      else sign_in_throttle.window_start end""")
                .setParameter(1, key).setParameter(2, config.window().toSeconds()).executeUpdate();
    }

    /** Counters whose window has passed mean nothing any more. */
    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() {
        em.createNativeQuery("delete from sign_in_throttle where window_start <= now() - make_interval(secs => ?1)")
                .setParameter(1, config.window().toSeconds()).executeUpdate();
    }

    private static boolean plain(String name) {
        return name != null && name.length() <= 200 && name.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** A user name as a key: as it is when printable and short, else its SHA-256 (names come from strangers). */
    static String accountKey(String userName) {
        String name = userName == null ? "" : userName;
        if (plain(name)) {
            return "account:" + name;
        }
        try {
            return "account:sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
