package dev.mledojo.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The API rate limit of each user, kept in PostgreSQL so that every replica counts against the same budget.
 *
 * <p>One statement per request, outside any transaction, decides and records it (GCRA, the "generic cell rate
 * algorithm"): a user at {@code n} requests per minute costs {@code T = 60 s / n} per request; the row keeps the
 * theoretical arrival time {@code tat} of the next request, and a request is admitted when
 * {@code max(tat, now) + T <= now + n·T}, which allows a burst of {@code n} and then one request every {@code T}. The
 * row's lock serialises one user's concurrent requests on any replica; a refused request changes nothing. The limit is
 * read in the same statement (the user's own, else the configured default; 0 for none, and so is more than
 * {@value #MAX_PER_MINUTE}), so an admin's change applies on every replica from the next request, and a row computed
 * with another limit starts afresh. {@code T} is a whole number of microseconds (rounded down) and the window is
 * {@code n·T}, so a burst is exactly {@code n} whether or not a minute divides evenly.
 *
 * <p>The state is an unlogged table ({@code api_rate}): its commits wait for no WAL flush, and a crash only forgets
 * who was close to their limit. See {@code src/docs/decisions.md} for why this is not a rate-limit library.
 */
@ApplicationScoped
public class ApiRateLimits {

    /** Above this a request would cost less than a microsecond: no limit. */
    static final int MAX_PER_MINUTE = 60_000_000;

    /**
     * What the statement decided, and the budget it leaves: {@code remaining} requests may be sent at once now, the
     * budget is whole again in {@code resetSeconds}, and a refused request may be sent again in
     * {@code retryAfterSeconds}. A {@code perMinute} of 0 means no limit.
     */
    public record Verdict(boolean admitted, int perMinute, int remaining, long resetSeconds, long retryAfterSeconds) {
        static final Verdict NO_LIMIT = new Verdict(true, 0, 0, 0, 0);

        /**
         * The verdict at {@code n} a minute when the user's theoretical arrival time is {@code aheadMicros} ahead of
         * now (after this request when it was admitted, unchanged when it was not).
         */
        static Verdict of(int n, boolean admitted, long aheadMicros) {
            long cost = costMicros(n);
            long ahead = Math.max(0, aheadMicros);
            int used = (int) Math.min(n, (ahead + cost - 1) / cost);
            long reset = (ahead + 999_999) / 1_000_000;
            if (admitted) {
                return new Verdict(true, n, n - used, reset, 0);
            }
            // the next request is admitted when tat + T <= now + n·T, that is in (tat - now) - (n - 1)·T
            long wait = ahead - (n - 1) * cost;
            return new Verdict(false, n, 0, reset, Math.max(1, (wait + 999_999) / 1_000_000));
        }
    }

    /** What one request costs at {@code n} a minute, in whole microseconds (rounded down). */
    static long costMicros(int n) {
        return 60_000_000L / n;
    }

    private static final String TAKE = """
            with lim as (
                select u.id, coalesce(u.rate_limit_per_minute, ?) as n from user_account u where %s
            ), taken as (
                insert into api_rate as r (user_id, per_minute, tat)
                select id, n, now() + (60000000 / n) * interval '1 microsecond' from lim where n between 1 and 60000000
                on conflict (user_id) do update
                    set per_minute = excluded.per_minute,
                        tat = case when r.per_minute = excluded.per_minute then greatest(r.tat, now()) else now() end
                            + (excluded.tat - now())
                    where case when r.per_minute = excluded.per_minute then greatest(r.tat, now()) else now() end
                            + (excluded.tat - now()) <= now() + (excluded.tat - now()) * excluded.per_minute
                returning r.tat
            )
            select lim.n, (select count(*) from taken),
                (extract(epoch from coalesce((select t.tat from taken t),
                    (select a.tat from api_rate a where a.user_id = lim.id)) - now()) * 1000000)::bigint
            from lim""";
    private static final String BY_ID = TAKE.formatted("u.id = ?");
    private static final String BY_SUBJECT = TAKE.formatted("u.subject = ?");

    private final DataSource dataSource;

    public ApiRateLimits(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes one request from the budget of the user with this id; empty when there is no such user. */
    public Optional<Verdict> takeById(long userId, int defaultPerMinute) {
        return take(BY_ID, userId, defaultPerMinute);
    }

    /** Takes one request from the budget of the user with this subject; empty when there is no such user yet. */
    public Optional<Verdict> takeBySubject(String subject, int defaultPerMinute) {
        return take(BY_SUBJECT, subject, defaultPerMinute);
    }

    private Optional<Verdict> take(String sql, Object key, int defaultPerMinute) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, defaultPerMinute);
            s.setObject(2, key);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                int n = r.getInt(1);
                if (n <= 0 || n > MAX_PER_MINUTE) {
                    return Optional.of(Verdict.NO_LIMIT);
                }
                // admitted: the row as this statement left it; refused: the row is unchanged, read as it was before
                // this statement (a concurrent admission may have moved it since, so the wait is at least this)
                return Optional.of(Verdict.of(n, r.getLong(2) > 0, r.getLong(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the API rate limit could not be read", e);
        }
    }
}
