package dev.mledojo.account;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The hook between OIDC sign-in and the platform's users: for an identity that comes from the OIDC server (a code-flow
 * session on pages or a bearer token on the API), exposes the account as the identity attribute {@link #ACCOUNT} and
 * tells {@link UserDirectory#signedIn} the subject, name, e-mail and platform roles. The directory is told when this
 * process first sees a subject and whenever what the server says about it changes, not on every request.
 */
@ApplicationScoped
public class OidcSignIn implements SecurityIdentityAugmentor {

    /** Identity attribute holding the {@link OidcAccount} of an OIDC identity. */
    public static final String ACCOUNT = "dojo.oidc-account";
    /** The realm roles that mean something to the platform; other realm roles are not passed on. */
    public static final Set<String> PLATFORM_ROLES = Set.of("admin", "submitter");
    private static final int REMEMBERED = 10_000;

    /** Who signed in through OIDC, as the server describes them. */
    public record OidcAccount(String subject, String name, String email, Set<String> roles) {
    }

    private final UserDirectory directory;
    private final Map<String, OidcAccount> told = new ConcurrentHashMap<>();

    public OidcSignIn(UserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getSubject() == null) {
            return Uni.createFrom().item(identity);
        }
        OidcAccount account = account(jwt, identity.getRoles());
        SecurityIdentity augmented = QuarkusSecurityIdentity.builder(identity).addAttribute(ACCOUNT, account).build();
        if (account.equals(told.get(account.subject()))) {
            return Uni.createFrom().item(augmented);
        }
        return context.runBlocking(() -> {
            directory.signedIn(account.subject(), account.name(), account.email(), account.roles());
            if (told.size() >= REMEMBERED) {
                told.clear();
            }
            told.put(account.subject(), account);
            return augmented;
        });
    }

    static OidcAccount account(JsonWebToken jwt, Set<String> identityRoles) {
        String name = Objects.requireNonNullElse(claim(jwt, "preferred_username"),
                Objects.requireNonNullElse(jwt.getName(), jwt.getSubject()));
        Set<String> roles = new TreeSet<>(identityRoles);
        roles.retainAll(PLATFORM_ROLES);
        return new OidcAccount(jwt.getSubject(), name, claim(jwt, "email"), Set.copyOf(roles));
    }

    private static String claim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        if (value instanceof jakarta.json.JsonString json) {
            return json.getString();
        }
        return value == null ? null : value.toString();
    }
}
