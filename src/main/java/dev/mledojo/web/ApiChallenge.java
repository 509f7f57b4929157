package dev.mledojo.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers an API call that needs credentials and has none with the same 401 problem JSON as {@link ProblemMappers};
 * pages keep the sign-in redirect of the page mechanisms. It authenticates nothing itself: it is tried first only for
 * the challenge, before the security layer hands the request to Quarkus REST. Basic credentials that are not Base64
 * of {@code user:password} are answered here too, on pages as well (with the error page for a browser), before any
 * mechanism reads them; well-formed credentials that were refused are answered by {@link CredentialsRejection}.
 */
@ApplicationScoped
@Priority(HttpAuthenticationMechanism.DEFAULT_PRIORITY + 200)
public class ApiChallenge implements HttpAuthenticationMechanism {

    private final ObjectMapper json;
    private final ErrorPages pages;

    public ApiChallenge(ObjectMapper json, ErrorPages pages) {
        this.json = json;
        this.pages = pages;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (ProblemMappers.isApi(context.normalizedPath())) {
            return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", ProblemMappers.CHALLENGE));
        }
        return Uni.createFrom().nullItem();
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        String path = context.normalizedPath();
        if (!ProblemMappers.isApi(path)) {
            return Uni.createFrom().item(false); // let the page mechanisms redirect to the sign-in form
        }
        answer(context, json, pages, ProblemMappers.unauthorized(path));
        return Uni.createFrom().item(true);
    }

    /**
     * A request whose Basic credentials are not Base64 of {@code user:password} gets the 401 problem (or its page),
     * before Quarkus' Basic mechanism would refuse it with a bare 401.
     */
    void malformedBasic(@Observes Filters filters) {
        filters.register(ctx -> {
            String header = ctx.request().getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)
                    && !wellFormedBasic(header.substring(6).strip())) {
                answer(ctx, json, pages, ProblemMappers.malformedBasic(ctx.normalizedPath()));
                return;
            }
            ctx.next();
        }, SecurityHandlerPriorities.AUTHENTICATION + 1);
    }

    static boolean wellFormedBasic(String credentials) {
        try {
            return new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8).indexOf(':') >= 0;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /**
     * Ends a request with a 401 and the API's challenge (Basic or a bearer token): the problem as JSON, or as the error
     * page when a browser asks for a page.
     */
    static void answer(RoutingContext context, ObjectMapper json, ErrorPages pages, Problem problem) {
        var response = context.response().setStatusCode(401).putHeader("WWW-Authenticate", ProblemMappers.CHALLENGE);
        if (pages != null && !ProblemMappers.isApi(context.normalizedPath())
                && ProblemMappers.asksForHtml(context.request().getHeader("Accept"))) {
            response.putHeader("Content-Type", "text/html;charset=UTF-8").end(pages.renderRefused(problem));
            return;
        }
        try {
            response.putHeader("Content-Type", Problem.MEDIA_TYPE).end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #answer(RoutingContext, ObjectMapper, ErrorPages, Problem)} as problem JSON, for API calls. */
    static void answer(RoutingContext context, ObjectMapper json, Problem problem) {
        answer(context, json, null, problem);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
