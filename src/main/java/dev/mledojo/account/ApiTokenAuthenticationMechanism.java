package dev.mledojo.account;

import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates {@code Authorization: Bearer mld_...} personal tokens, and answers unauthenticated API calls with a
 * 401 challenge (pages keep the sign-in redirect of the other mechanisms). Other bearer tokens are left to OIDC.
 */
@ApplicationScoped
@Priority(HttpAuthenticationMechanism.DEFAULT_PRIORITY + 100)
public class ApiTokenAuthenticationMechanism implements HttpAuthenticationMechanism {

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return dev.mledojo.web.BearerTokens.withPrefix(context, ApiToken.PREFIX)
                .map(token -> identityProviderManager.authenticate(
                        HttpSecurityUtils.setRoutingContextAttribute(new ApiTokenAuthenticationRequest(token), context)))
                .orElseGet(() -> Uni.createFrom().nullItem());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (context.normalizedPath().startsWith("/api/")) {
            return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate",
                    "Basic realm=\"mle-dojo\", Bearer realm=\"mle-dojo\""));
        }
        return Uni.createFrom().nullItem();
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        if (!context.normalizedPath().startsWith("/api/")) {
            return Uni.createFrom().item(false); // let the page mechanisms redirect to the sign-in form
        }
        context.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", "Basic realm=\"mle-dojo\", Bearer realm=\"mle-dojo\"")
                .putHeader("Content-Type", "application/problem+json")
                .end("{\"type\":\"https://mle-dojo.dev/problems/unauthorized\",\"title\":\"Sign-in required\","
                        + "\"status\":401,\"detail\":\"Send HTTP Basic credentials or a personal token "
                        + "(Authorization: Bearer mld_...).\"}");
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenAuthenticationRequest.class);
    }
}
