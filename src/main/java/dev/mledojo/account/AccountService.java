package dev.mledojo.account;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.mledojo.db.AdvisoryLock;
import dev.mledojo.error.DomainException;
import dev.mledojo.error.Text;
import io.quarkus.security.identity.SecurityIdentity;

/** Users, personal API tokens and quotas: who is calling, what they may create, and how much they used. */
@ApplicationScoped
public class AccountService implements UserDirectory {

    /** Attribute an identity carries once its account was read while authenticating (tokens, Basic): its user id. */
    public static final String USER_ID = "dojo.user-id";
    /** Attribute a token-authenticated identity carries: the token's id (rate limits count per token). */
    public static final String TOKEN_ID = "dojo.token-id";

    /** The subject of a built-in account is this prefix and its name. */
    public static final String LOCAL_SUBJECT = "local:";

    private final QuotaConfig quotas;

    public AccountService(QuotaConfig quotas) {
        this.quotas = quotas;
    }

    @Override
    @Transactional
    public void signedIn(String subject, String name, String email, Set<String> roles) {
        UserAccount.signedIn(subject, name, email, roles);
    }

    /**
     * The signed-in requester with their account id (and episode scope for an episode token). An identity that carries
     * its account id (a token's, an episode token's, a Basic sign-in's: each read its account while authenticating
     * this request) costs no query here.
     */
    @Transactional
    public Requester requester(SecurityIdentity identity) {
        Requester viewer = Requester.viewer(identity);
        Long known = identity.isAnonymous() ? null : identity.getAttribute(USER_ID);
        return new Requester(viewer.name(), viewer.admin() && viewer.episodeScope() == null,
                known != null ? known : current(identity).id, viewer.episodeScope());
    }

    /** The user behind a request, created on first use for the built-in accounts. */
    @Transactional
    public UserAccount current(SecurityIdentity identity) {
        if (identity.isAnonymous()) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        Long id = identity.getAttribute(USER_ID);
        if (id != null) {
            return UserAccount.findById(id);
        }
        String subject = subjectOf(identity);
        return UserAccount.bySubject(subject).orElseGet(() -> UserAccount.signedIn(subject,
                identity.getPrincipal().getName(), null, identity.getRoles()));
    }

    /** The account subject of a signed-in identity: the OIDC subject, else the built-in account's. */
    public static String subjectOf(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null ? jwt.getSubject()
                : LOCAL_SUBJECT + identity.getPrincipal().getName();
    }

    /** The user with this name (signed in at least once), created for the built-in accounts when needed. */
    @Transactional
    public UserAccount current(String name) {
        return UserAccount.byName(name).orElseGet(() -> UserAccount.signedIn(LOCAL_SUBJECT + name, name, null,
                Set.of()));
    }

    @Transactional
    public UserAccount user(long id) {
        return UserAccount.findById(id);
    }

    // ---- tokens ------------------------------------------------------------------------------------------------------

    /** A token as lists show it (never the secret). */
    public record TokenView(long id, String name, String prefix, Set<String> scopes, Instant createdAt,
            Instant lastUsedAt, Instant expiresAt, Instant revokedAt) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.id, t.name, t.tokenPrefix, t.scopeSet(), t.createdAt, t.lastUsedAt, t.expiresAt,
                    t.revokedAt);
        }
    }

    /** A new token: the secret appears here and nowhere else, ever. */
    public record CreatedToken(TokenView token, String secret) {
    }

    @Transactional
    public CreatedToken createToken(SecurityIdentity identity, String name, Set<String> scopes, Integer daysValid) {
        UserAccount user = current(identity);
        if (identity.getAttribute(TOKEN_ID) != null) {
            throw DomainException.forbidden("token-cannot-create-token",
                    "A token cannot create tokens; sign in to create one.");
        }
        if (name == null || name.isBlank() || name.length() > 100) {
            throw DomainException.invalid("invalid-token", "Give the token a name of 1 to 100 characters.");
        }
        Text.refuseNul(name, "name");
        Set<String> requested = scopes == null || scopes.isEmpty() ? user.roleSet() : scopes;
        for (String scope : requested) {
            if (!user.roleSet().contains(scope)) {
                throw DomainException.invalid("invalid-token", "Scope '" + scope + "' is not one of your roles "
                        + user.roleSet() + ": a token never grants more than its owner has.");
            }
        }
        if (daysValid != null && (daysValid < 1 || daysValid > 366)) {
            throw DomainException.invalid("invalid-token", "days_valid must be between 1 and 366.");
        }
        Instant expires = daysValid == null ? null : Instant.now().plus(daysValid, ChronoUnit.DAYS);
        ApiToken.Issued issued = ApiToken.issue(user, name.trim(), requested, expires);
        return new CreatedToken(TokenView.of(issued.token()), issued.secret());
    }

    @Transactional
    public List<TokenView> tokens(SecurityIdentity identity) {
        UserAccount user = current(identity);
        return ApiToken.<ApiToken>list("user = ?1 order by createdAt desc", user).stream().map(TokenView::of).toList();
    }

    @Transactional
    public TokenView revoke(SecurityIdentity identity, long tokenId) {
        UserAccount user = current(identity);
        ApiToken token = ApiToken.findById(tokenId);
        if (token == null || !token.user.id.equals(user.id)) {
            throw DomainException.notFound("unknown-token", "You have no token " + tokenId + ".");
        }
        token.revoke();
        return TokenView.of(token);
    }

    // ---- quotas ------------------------------------------------------------------------------------------------------

    /** Kinds of metered usage. */
    public static final String EPISODE = "episode";
    public static final String GRADE = "grade";

    /** A user's limits (their overrides or the platform defaults) and today's use. */
    public record QuotaView(int episodesPerDay, int concurrentEpisodes, int gradesPerDay, int queuedEpisodes,
            long episodesToday, long gradesToday) {
    }

    @Transactional
    public QuotaView quota(UserAccount user) {
        Instant day = startOfDay();
        return new QuotaView(limit(user.quotaEpisodesPerDay, quotas.episodesPerDay()),
                limit(user.quotaConcurrentEpisodes, quotas.concurrentEpisodes()),
                limit(user.quotaGradesPerDay, quotas.gradesPerDay()), limit(user.quotaQueuedEpisodes, quotas.queuedEpisodes()),
                UsageEvent.countSince(user.id, EPISODE, day), UsageEvent.countSince(user.id, GRADE, day));
    }

    /**
     * Records one use of {@code kind} if the user's daily limit allows it.
     *
     * @return the usage event (to refund it if the platform fails)
     * @throws DomainException.QuotaExceeded with a retry-after until the next day when the quota is used up
     */
    /**
     * Serialises, until the current transaction ends, everything that checks and then spends one of this user's
     * quotas (a PostgreSQL transaction-scoped advisory lock, so it holds across replicas): without it, parallel
     * requests all pass the check before any of them is counted.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockQuota(long userId, String what) {
        AdvisoryLock.hold(UserAccount.getEntityManager(), "quota:" + what, (int) userId);
    }

    @Transactional
    public UsageEvent consume(UserAccount user, String kind, String ref) {
        lockQuota(user.id, "usage:" + kind);
        int limit = kind.equals(EPISODE) ? limit(user.quotaEpisodesPerDay, quotas.episodesPerDay())
                : limit(user.quotaGradesPerDay, quotas.gradesPerDay());
        Instant day = startOfDay();
        if (UsageEvent.countSince(user.id, kind, day) >= limit) {
            long retry = Math.max(1, Instant.now().until(day.plus(1, ChronoUnit.DAYS), ChronoUnit.SECONDS));
            throw DomainException.quotaExceeded("quota-exceeded", "You used your " + limit + " " + kind
                    + (limit == 1 ? "" : "s") + " of today; the quota resets at midnight UTC.", retry).with("quota", kind);
        }
        return UsageEvent.record(user.id, kind, ref);
    }

    /** The platform failed an episode for good: its quota charge is given back. */
    @Transactional
    public void refundEpisode(String episodeId) {
        UsageEvent.update("refunded = true where kind = ?1 and ref = ?2", EPISODE, episodeId);
    }

    /** An episode is retried after a platform failure: the quota charge moves to the retry (charged once). */
    @Transactional
    public void moveEpisodeCharge(String fromEpisodeId, String toEpisodeId) {
        UsageEvent.update("ref = ?1 where kind = ?2 and ref = ?3", toEpisodeId, EPISODE, fromEpisodeId);
    }

    /** Gives a use back: the platform, not the user, caused the failure. */
    @Transactional
    public void refund(long usageEventId) {
        UsageEvent e = UsageEvent.findById(usageEventId);
        if (e != null) {
            e.refund();
        }
    }

    /** The user's limit on concurrent interactive episodes. */
    @Transactional
    public int concurrentEpisodes(UserAccount user) {
        return limit(user.quotaConcurrentEpisodes, quotas.concurrentEpisodes());
    }

    private static int limit(Integer override, int fallback) {
        return override == null ? fallback : override;
    }

    private static Instant startOfDay() {
        return Instant.now().truncatedTo(ChronoUnit.DAYS);
    }
}
