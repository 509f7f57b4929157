package dev.mledojo.llm;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.mledojo.db.SqlTimes;
import dev.mledojo.error.DomainException;

/**
 * The LLM endpoints the gateway may call: {@code dojo.llm.allowed-base-urls} together with the entries admins add on
 * the admin page (PostgreSQL, so every replica sees them). A configured list narrows the gateway to the union; without
 * one any public endpoint is allowed, and the stored entries still count as explicitly listed (which is what lets an
 * internal, private-address endpoint through).
 */
@ApplicationScoped
public class LlmAllowList {

    /** One admin-managed entry. */
    public record Entry(String url, String addedBy, Instant addedAt) {
    }

    private final LlmConfig config;
    private final EntityManager em;

    @Inject
    public LlmAllowList(LlmConfig config, EntityManager em) {
        this.config = config;
        this.em = em;
    }

    /** The configured list only, no database (unit tests). */
    static LlmAllowList configOnly(LlmConfig config) {
        return new LlmAllowList(config, null);
    }

    /** The configured entries (read-only on the admin page). */
    public List<String> configured() {
        return config.allowedBaseUrls().orElse(List.of());
    }

    /** Whether a list narrows the gateway at all (the configured one is set). */
    public boolean narrowed() {
        return config.allowedBaseUrls().isPresent();
    }

    @Transactional
    public List<Entry> stored() {
        if (em == null) {
            return List.of();
        }
        List<?> rows = em.createNativeQuery("select url, added_by, added_at from llm_allowed_base_url order by url")
                .getResultList();
        List<Entry> entries = new ArrayList<>();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            entries.add(new Entry((String) r[0], (String) r[1], SqlTimes.instant(r[2])));
        }
        return entries;
    }

    /** The effective list for {@link LlmConfig#allows}: empty (anything) when no list is configured. */
    public Optional<List<String>> allowed() {
        return config.allowedBaseUrls().map(c -> union(c));
    }

    /** Whether {@code url} is explicitly listed (configured or added by an admin). */
    public boolean listed(String url) {
        return LlmConfig.listed(Optional.of(union(configured())), url);
    }

    public boolean allows(String url) {
        return LlmConfig.allows(allowed(), url);
    }

    private List<String> union(List<String> configured) {
        LinkedHashSet<String> all = new LinkedHashSet<>(configured);
        stored().forEach(e -> all.add(e.url()));
        return List.copyOf(all);
    }

    /** Adds an entry (idempotent); the URL must be an absolute http(s) URL without query, fragment or credentials. */
    @Transactional
    public String add(String url, String admin) {
        String clean = normalize(url);
        em.createNativeQuery("""
                insert into llm_allowed_base_url (url, added_by, added_at) values (?1, ?2, ?3) on conflict (url) do nothing""")
                .setParameter(1, clean).setParameter(2, admin).setParameter(3, Timestamp.from(Instant.now())).executeUpdate();
        return clean;
    }

    /** Removes an entry; false when there was none (as for text no entry can be: {@link #normalize} refuses it). */
    @Transactional
    public boolean remove(String url) {
        if (url == null || url.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return false; // PostgreSQL refuses NUL in text: asking for it would fail the request
        }
        return em.createNativeQuery("delete from llm_allowed_base_url where url = ?1").setParameter(1, url)
                .executeUpdate() > 0;
    }

    /** The entry as stored: trimmed, without trailing slashes; refused (400) unless an http(s) base URL. */
    public static String normalize(String url) {
        String u = url == null ? "" : url.strip().replaceAll("/+$", "");
        if (u.isEmpty() || u.length() > 500 || u.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw DomainException.invalid("invalid-llm-endpoint", "Give the endpoint's base URL, e.g. "
                    + "https://llm.internal.example/v1 (at most 500 characters).");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (java.net.URISyntaxException e) {
            throw DomainException.invalid("invalid-llm-endpoint", "'" + u + "' is not a URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw DomainException.invalid("invalid-llm-endpoint", "'" + u + "' is not an http:// or https:// base URL "
                    + "with a host (and no user, query or fragment).");
        }
        return u;
    }
}
