package dev.mledojo.account;

import org.apache.commons.codec.digest.DigestUtils;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntity;

/**
 * A personal API token. Only its SHA-256 is stored: the secret is shown once at creation. A token never grants more
 * than its owner's roles (its scopes are intersected with them at every use).
 */
@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntity {

    /** Every token starts with this, so that it is recognisable (and secret scanners can find leaked ones). */
    public static final String PREFIX = "mld_";
    private static final SecureRandom RANDOM = new SecureRandom();

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id")
    public UserAccount user;

    @Column(nullable = false)
    public String name;

    @Column(name = "token_hash", nullable = false, unique = true, updatable = false)
    public String tokenHash;

    /** The first characters of the secret, shown in lists to tell tokens apart. */
    @Column(name = "token_prefix", nullable = false, updatable = false)
    public String tokenPrefix;

    @Column(nullable = false)
    public String scopes;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** A new token and its secret (the only time the secret exists outside the caller). */
    public record Issued(ApiToken token, String secret) {
    }

    public static Issued issue(UserAccount user, String name, Set<String> scopes, Instant expiresAt) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiToken t = new ApiToken();
        t.user = user;
        t.name = name;
        t.tokenHash = hash(secret);
        t.tokenPrefix = secret.substring(0, PREFIX.length() + 6);
        t.scopes = String.join(",", new TreeSet<>(scopes));
        t.createdAt = Instant.now();
        t.expiresAt = expiresAt;
        t.persist();
        return new Issued(t, secret);
    }

    public static Optional<ApiToken> bySecret(String secret) {
        // with its owner in the same query: every request with a token reads both
        return find("from ApiToken t join fetch t.user where t.tokenHash = ?1", hash(secret)).firstResultOptional();
    }

    public static String hash(String secret) {
        return DigestUtils.sha256Hex(secret);
    }

    public boolean usable(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }

    public void revoke() {
        if (revokedAt == null) {
            revokedAt = Instant.now();
        }
    }

    public Set<String> scopeSet() {
        return scopes.isBlank() ? Set.of() : new TreeSet<>(Arrays.asList(scopes.split(",")));
    }

    /** The roles a request with this token gets: its scopes that its owner still holds. */
    public Set<String> effectiveRoles() {
        Set<String> roles = new TreeSet<>(scopeSet());
        roles.retainAll(user.roleSet());
        return roles;
    }
}
