package dev.mledojo.account;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import dev.mledojo.db.AdvisoryLock;
import io.quarkus.hibernate.orm.panache.PanacheEntity;

/**
 * A user of the platform, created on first sign-in and keyed by the OIDC subject ({@code local:<name>} for the
 * built-in accounts). Holds per-user quota overrides (null = the platform default).
 */
@Entity
@Table(name = "user_account")
public class UserAccount extends PanacheEntity {

    @Column(nullable = false, unique = true, updatable = false)
    public String subject;

    @Column(nullable = false)
    public String name;

    public String email;

    /** Comma-separated platform roles as last seen at sign-in. */
    @Column(nullable = false)
    public String roles;

    @Column(name = "quota_episodes_per_day")
    public Integer quotaEpisodesPerDay;

    @Column(name = "quota_concurrent_episodes")
    public Integer quotaConcurrentEpisodes;

    @Column(name = "quota_grades_per_day")
    public Integer quotaGradesPerDay;

    @Column(name = "quota_queued_episodes")
    public Integer quotaQueuedEpisodes;

    @Column(name = "rate_limit_per_minute")
    public Integer rateLimitPerMinute;

    /** Whether an admin allowed this user to register external agent programs. */
    @Column(name = "external_agents")
    public boolean externalAgents;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "last_seen_at", nullable = false)
    public Instant lastSeenAt;

    /** The second key of the advisory lock on an account's subject. */
    private static final int SUBJECT_LOCK_SPACE = 7415;

    public static Optional<UserAccount> bySubject(String subject) {
        return find("subject", subject).firstResultOptional();
    }

    public static Optional<UserAccount> byName(String name) {
        return find("name", name).firstResultOptional();
    }

    /**
     * Creates the user, or refreshes what the identity provider says about them. Parallel first requests of one user
     * (on any replica) take turns here, so that one creates the row and the others find it.
     */
    public static UserAccount signedIn(String subject, String name, String email, Set<String> roles) {
        AdvisoryLock.hold(getEntityManager(), "account:" + subject, SUBJECT_LOCK_SPACE);
        UserAccount user = bySubject(subject).orElseGet(() -> {
            UserAccount u = new UserAccount();
            u.subject = subject;
            u.createdAt = Instant.now();
            return u;
        });
        user.name = name;
        user.email = email;
        user.roles = String.join(",", new TreeSet<>(roles));
        user.lastSeenAt = Instant.now();
        if (!user.isPersistent()) {
            user.persist();
        }
        return user;
    }

    public Set<String> roleSet() {
        return roles.isBlank() ? Set.of() : new TreeSet<>(Arrays.asList(roles.split(",")));
    }

    public boolean isAdmin() {
        return roleSet().contains("admin");
    }

    /** Forgets this user's API rate-limit state (shared by every replica): their limit starts afresh. */
    public void restartRateLimit() {
        getEntityManager().createNativeQuery("delete from api_rate where user_id = ?1").setParameter(1, id)
                .executeUpdate();
    }
}
