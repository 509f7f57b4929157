package dev.mledojo.account;

import java.util.Set;
import java.util.function.BiPredicate;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates {@code Authorization: Bearer mld_...} personal tokens; other bearer tokens are left to OIDC and the
 * episode-token mechanism.
 */
@ApplicationScoped
@Priority(HttpAuthenticationMechanism.DEFAULT_PRIORITY + 100)
public class ApiTokenAuthenticationMechanism implements HttpAuthenticationMechanism {

    private final BiPredicate<RoutingContext, Throwable> rejected;

    public ApiTokenAuthenticationMechanism(@Named("credentials-rejected") BiPredicate<RoutingContext, Throwable> rejected) {
        this.rejected = rejected;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return BearerTokens.withPrefix(context, ApiToken.PREFIX)
                .map(token -> {
                    FailureHandlers.putAhead(context, rejected); // an unknown token: 401 problem JSON on the API
                    return identityProviderManager.authenticate(
                            HttpSecurityUtils.setRoutingContextAttribute(new ApiTokenAuthenticationRequest(token), context));
                })
                .orElseGet(() -> Uni.createFrom().nullItem());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem(); // the API challenge is web.ApiChallenge's, the pages' the page mechanisms'
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return Uni.createFrom().item(false);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenAuthenticationRequest.class);
    }
}
