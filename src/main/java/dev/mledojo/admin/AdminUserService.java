package dev.mledojo.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.mledojo.account.UserAccount;
import dev.mledojo.error.DomainException;

/** Users as admins see them and their quota overrides, for the admin API and the admin pages alike. */
@ApplicationScoped
public class AdminUserService {

    private final AuditLog audit;

    public AdminUserService(AuditLog audit) {
        this.audit = audit;
    }

    /** A user as admins see them. */
    public record UserView(long id, String name, String email, String roles, Integer episodesPerDay,
            Integer concurrentEpisodes, Integer gradesPerDay, Integer queuedEpisodes, Integer rateLimitPerMinute,
            Instant createdAt, Instant lastSeenAt) {
        static UserView of(UserAccount u) {
            return new UserView(u.id, u.name, u.email, u.roles, u.quotaEpisodesPerDay, u.quotaConcurrentEpisodes,
                    u.quotaGradesPerDay, u.quotaQueuedEpisodes, u.rateLimitPerMinute, u.createdAt, u.lastSeenAt);
        }
    }

    /** Per-user overrides; null restores the platform default. */
    public record QuotaRequest(@JsonProperty("episodes_per_day") Integer episodesPerDay,
            @JsonProperty("concurrent_episodes") Integer concurrentEpisodes,
            @JsonProperty("grades_per_day") Integer gradesPerDay,
            @JsonProperty("queued_episodes") Integer queuedEpisodes,
            @JsonProperty("rate_limit_per_minute") Integer rateLimitPerMinute) {
    }

    @Transactional
    public List<UserView> users() {
        return UserAccount.<UserAccount>list("order by name").stream().map(UserView::of).toList();
    }

    /**
     * Sets a user's overrides (all five at once), audited; the user's rate limit starts afresh from their next
     * request, on every replica.
     */
    @Transactional
    public UserView setQuota(String name, QuotaRequest request, String admin) {
        if (request == null) {
            throw DomainException.invalid("invalid-quota", "Send the overrides, e.g. {\"grades_per_day\": 100}.");
        }
        for (Integer v : new Integer[] {request.episodesPerDay(), request.concurrentEpisodes(), request.gradesPerDay(),
                request.queuedEpisodes(), request.rateLimitPerMinute()}) {
            if (v != null && v < 0) {
                throw DomainException.invalid("invalid-quota", "Quotas are 0 or more; null restores the default.");
            }
        }
        UserAccount user = UserAccount.byName(name)
                .orElseThrow(() -> DomainException.notFound("unknown-user", "No user '" + name + "' has signed in yet."));
        UserView before = UserView.of(user);
        user.quotaEpisodesPerDay = request.episodesPerDay();
        user.quotaConcurrentEpisodes = request.concurrentEpisodes();
        user.quotaGradesPerDay = request.gradesPerDay();
        user.quotaQueuedEpisodes = request.queuedEpisodes();
        user.rateLimitPerMinute = request.rateLimitPerMinute();
        UserView after = UserView.of(user);
        audit.record(admin, "user.quota", "user:" + name, asMap(before), asMap(after));
        user.restartRateLimit();
        return after;
    }

    /** Whether {@code name} may register external agent programs. */
    public record ExternalAgentsView(String user, @JsonProperty("external_agents") boolean externalAgents) {
    }

    /** Allows or forbids {@code name} to register external agent programs (audited). */
    @Transactional
    public ExternalAgentsView setExternalAgents(String name, boolean allowed, String admin) {
        UserAccount user = UserAccount.byName(name)
                .orElseThrow(() -> DomainException.notFound("unknown-user", "No user '" + name + "' has signed in yet."));
        boolean before = user.externalAgents;
        user.externalAgents = allowed;
        audit.record(admin, "user.external-agents", "user:" + name, Map.of("externalAgents", before),
                Map.of("externalAgents", allowed));
        return new ExternalAgentsView(name, allowed);
    }

    private static Map<String, Object> asMap(UserView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("episodesPerDay", v.episodesPerDay());
        m.put("concurrentEpisodes", v.concurrentEpisodes());
        m.put("gradesPerDay", v.gradesPerDay());
        m.put("queuedEpisodes", v.queuedEpisodes());
        m.put("rateLimitPerMinute", v.rateLimitPerMinute());
        return m;
    }
}
