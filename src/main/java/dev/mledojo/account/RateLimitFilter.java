package dev.mledojo.account;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.mledojo.error.DomainException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;

/**
 * Limits API requests per signed-in user, all their tokens together, against one budget shared by every replica
 * ({@link ApiRateLimits}); past the limit the API answers 429 problem JSON with {@code Retry-After} (a
 * {@link DomainException.QuotaExceeded} the web edge maps). Every limited answer, refused or not, says where the budget
 * stands: {@code RateLimit-Limit} (requests a minute), {@code RateLimit-Remaining} (that may be sent at once now) and
 * {@code RateLimit-Reset} (seconds until the budget is whole again).
 */
@ApplicationScoped
public class RateLimitFilter {

    private final RateLimitConfig config;
    private final AccountService accounts;
    private final ApiRateLimits limits;
    private final SecurityIdentity identity;

    public RateLimitFilter(RateLimitConfig config, AccountService accounts, ApiRateLimits limits,
            SecurityIdentity identity) {
        this.config = config;
        this.accounts = accounts;
        this.limits = limits;
        this.identity = identity;
    }

    @ServerRequestFilter
    public void limit(HttpServerRequest http) {
        if (identity.isAnonymous() || !http.path().startsWith("/api/")) {
            return;
        }
        int byDefault = config.requestsPerMinute();
        // an identity carries its account id when its authentication read the account (tokens, Basic sign-ins);
        // otherwise (OIDC) the account is found by its subject, and created on a user's first request
        Long id = identity.getAttribute(AccountService.USER_ID);
        ApiRateLimits.Verdict verdict = (id != null ? limits.takeById(id, byDefault)
                : limits.takeBySubject(AccountService.subjectOf(identity), byDefault))
                .orElseGet(() -> limits.takeById(accounts.current(identity).id, byDefault)
                        .orElse(ApiRateLimits.Verdict.NO_LIMIT));
        if (verdict.perMinute() > 0) {
            // on the response this request will get, whatever writes it (the resource or an error mapper)
            http.response().putHeader("RateLimit-Limit", Integer.toString(verdict.perMinute()))
                    .putHeader("RateLimit-Remaining", Integer.toString(verdict.remaining()))
                    .putHeader("RateLimit-Reset", Long.toString(verdict.resetSeconds()));
        }
        if (!verdict.admitted()) {
            throw DomainException.quotaExceeded("rate-limited", "Slow down: at most " + verdict.perMinute()
                    + " API requests per minute per user (all their tokens together). Retry in "
                    + verdict.retryAfterSeconds() + " s.", verdict.retryAfterSeconds()).titled("Too many requests");
        }
    }
}
