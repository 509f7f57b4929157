package dev.mledojo.web;

import java.util.function.BiPredicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.vertx.ext.web.RoutingContext;

/**
 * The answer to an API call whose credentials were sent and refused (a wrong user name or password, an unknown,
 * expired or revoked token): 401 problem JSON with the API's challenge, where Quarkus would answer with the bare 401
 * of the mechanism that tried them. The account module puts it ahead of the request's authentication-failure handler
 * when it checks a password or a token; it answers nothing else (pages, other failures), and says so by returning
 * false, so that the handler it stands before answers as usual. Handlers put later (the sign-in throttle's 429, the
 * ended-session answer) replace it.
 */
@ApplicationScoped
@Named("credentials-rejected")
public class CredentialsRejection implements BiPredicate<RoutingContext, Throwable> {

    private final ObjectMapper json;

    public CredentialsRejection(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public boolean test(RoutingContext ctx, Throwable failure) {
        String path = ctx.normalizedPath();
        boolean refused = ProblemMappers.cause(failure, AuthenticationFailedException.class) != null;
        if (!refused || !ProblemMappers.isApi(path) || ctx.response().ended() || ctx.response().headWritten()) {
            return false;
        }
        ApiChallenge.answer(ctx, json, ProblemMappers.rejected(path));
        return true;
    }
}
