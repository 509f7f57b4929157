package dev.mledojo.account;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Turns a personal token into the identity of its owner, with the token's scopes that the owner still holds. */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenAuthenticationRequest> {

    /** "Last used" is written at most this often per token, so that tokens do not cost a write per request. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final AuthMode authMode;

    public ApiTokenIdentityProvider(AuthMode authMode) {
        this.authMode = authMode;
    }

    @Override
    public Class<ApiTokenAuthenticationRequest> getRequestType() {
        return ApiTokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            ApiToken token = ApiToken.bySecret(request.token()).filter(t -> t.usable(now))
                    // built-in accounts are off in OIDC mode, and so are the tokens they created
                    .filter(t -> !(authMode.oidc() && t.user.subject.startsWith(AccountService.LOCAL_SUBJECT)))
                    .orElseThrow(() -> new AuthenticationFailedException("unknown, expired or revoked token"));
            if (token.lastUsedAt == null || token.lastUsedAt.plus(TOUCH_EVERY).isBefore(now)) {
                token.lastUsedAt = now;
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(token.user.name))
                    .addRoles(token.effectiveRoles())
                    .addAttribute(AccountService.USER_ID, token.user.id)
                    .addAttribute(AccountService.TOKEN_ID, token.id)
                    .build();
        }));
    }
}
