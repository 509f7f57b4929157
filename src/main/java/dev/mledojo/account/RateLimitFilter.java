package dev.mledojo.account;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.mledojo.error.DomainException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;

/**
 * Limits API requests per token (when a token is used) or per signed-in user, with resilience4j; past the limit the
 * API answers 429 problem JSON with {@code Retry-After} (a {@link DomainException.QuotaExceeded} the web edge maps).
 */
@ApplicationScoped
public class RateLimitFilter {

    private final RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();
    private final RateLimitConfig config;
    private final AccountService accounts;
    private final SecurityIdentity identity;

    public RateLimitFilter(RateLimitConfig config, AccountService accounts, SecurityIdentity identity) {
        this.config = config;
        this.accounts = accounts;
        this.identity = identity;
    }

    private static RateLimiterConfig perMinute(int n) {
        return RateLimiterConfig.custom().limitForPeriod(n).limitRefreshPeriod(Duration.ofMinutes(1))
                .timeoutDuration(Duration.ZERO).build();
    }

    /** Forgets a user's limiters, so that a changed limit applies from the next request. */
    public void reset(String userName) {
        limiters.getAllRateLimiters().stream().map(RateLimiter::getName)
                .filter(k -> k.equals("user:" + userName) || k.startsWith("token:" + userName + ":"))
                .toList().forEach(limiters::remove);
    }

    @ServerRequestFilter
    public void limit(HttpServerRequest request) {
        if (identity.isAnonymous() || !request.path().startsWith("/api/")) {
            return;
        }
        String name = identity.getPrincipal().getName();
        // one budget per user, however many tokens they hold (several tokens must not multiply it)
        String key = "user:" + name;
        RateLimiter limiter = limiters.find(key).orElseGet(() -> {
            Integer own = accounts.current(identity).rateLimitPerMinute;
            int limit = own != null ? own : config.requestsPerMinute();
            return limiters.rateLimiter(key, perMinute(Math.max(1, limit == 0 ? Integer.MAX_VALUE / 2 : limit)));
        });
        if (limiter.acquirePermission()) {
            return;
        }
        long waitNanos = limiter instanceof AtomicRateLimiter atomic
                ? atomic.getDetailedMetrics().getNanosToWait() : Duration.ofMinutes(1).toNanos();
        long retryAfter = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        throw DomainException.quotaExceeded("rate-limited", "Slow down: at most "
                + limiter.getRateLimiterConfig().getLimitForPeriod() + " API requests per minute per user (all their tokens together). Retry in "
                + retryAfter + " s.", retryAfter).titled("Too many requests");
    }
}
