package dev.mledojo.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.mledojo.error.DomainException;
import dev.mledojo.secret.SecretStore;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The platform's Kaggle account for data imports: set once by an admin, stored encrypted, never shown again (reads
 * return only who set it and when).
 */
@Path("/api/v1/admin/kaggle")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "Admin")
public class KaggleCredentialsResource {

    static final String USERNAME = "kaggle.username";
    static final String KEY = "kaggle.key";

    private final SecretStore secrets;
    private final AuditLog audit;
    private final SecurityIdentity identity;

    public KaggleCredentialsResource(SecretStore secrets, AuditLog audit, SecurityIdentity identity) {
        this.secrets = secrets;
        this.audit = audit;
        this.identity = identity;
    }

    /** {@code PUT} body: the account name and its API key (from kaggle.json). */
    public record CredentialsRequest(String username, String key) {
        @Override
        public String toString() {
            return "CredentialsRequest[username=" + username + ", key=****]";
        }
    }

    /** What may be shown: whether an account is set, its user name, who set it and when. */
    public record CredentialsView(boolean configured, String username, String updatedBy, Instant updatedAt) {
    }

    @GET
    @Operation(summary = "Is a Kaggle account set? (never the key)")
    public CredentialsView get() {
        return view();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Set the Kaggle account used for data imports", description = "{username, key}; the key is "
            + "stored encrypted and never returned.")
    public CredentialsView put(CredentialsRequest request) {
        if (request == null || blank(request.username()) || blank(request.key())) {
            throw DomainException.invalid("invalid-credentials", "Send {\"username\": ..., \"key\": ...} as in kaggle.json.");
        }
        if (!request.username().matches("[A-Za-z0-9_.-]{1,100}") || request.key().length() > 200) {
            throw DomainException.invalid("invalid-credentials", "That does not look like a Kaggle user name and API key.");
        }
        boolean existed = secrets.describe(KEY).isPresent();
        secrets.put(USERNAME, request.username(), actor());
        secrets.put(KEY, request.key(), actor());
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("username", request.username());
        after.put("key", "****");
        audit.record(actor(), "kaggle.credentials.set", "kaggle", Map.of("configured", existed), after);
        return view();
    }

    @DELETE
    @Transactional
    @Operation(summary = "Forget the Kaggle account")
    public CredentialsView delete() {
        secrets.delete(USERNAME);
        secrets.delete(KEY);
        audit.record(actor(), "kaggle.credentials.delete", "kaggle", null, Map.of("configured", false));
        return view();
    }

    private CredentialsView view() {
        var described = secrets.describe(KEY);
        return new CredentialsView(described.isPresent(), described.isPresent() ? secrets.get(USERNAME).orElse(null) : null,
                described.map(SecretStore.Described::updatedBy).orElse(null),
                described.map(SecretStore.Described::updatedAt).orElse(null));
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
