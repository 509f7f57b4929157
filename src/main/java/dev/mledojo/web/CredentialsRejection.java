package dev.mledojo.web;

import java.util.function.BiPredicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.vertx.ext.web.RoutingContext;

/**
 * The answer to a request whose credentials were sent in its Authorization header and refused (a wrong user name or
 * password, an unknown, expired or revoked token): 401 with the API's challenge and problem JSON, or the error page
 * for a browser on a page, where Quarkus would answer with the bare 401 of the mechanism that tried them (twice
 * challenged on pages). The account module puts it ahead of the request's authentication-failure handler when it
 * checks a password or a token; it answers nothing else (the sign-in form's post, other failures), and says so by
 * returning false, so that the handler it stands before answers as usual. Handlers put later (the sign-in throttle's
 * 429, the ended-session answer) replace it.
 */
@ApplicationScoped
@Named("credentials-rejected")
public class CredentialsRejection implements BiPredicate<RoutingContext, Throwable> {

    private final ObjectMapper json;
    private final ErrorPages pages;

    public CredentialsRejection(ObjectMapper json, ErrorPages pages) {
        this.json = json;
        this.pages = pages;
    }

    @Override
    public boolean test(RoutingContext ctx, Throwable failure) {
        String path = ctx.normalizedPath();
        boolean refused = ProblemMappers.cause(failure, AuthenticationFailedException.class) != null;
        boolean sent = ProblemMappers.isApi(path) || ctx.request().getHeader("Authorization") != null;
        if (!refused || !sent || ctx.response().ended() || ctx.response().headWritten()) {
            return false;
        }
        ApiChallenge.answer(ctx, json, pages, ProblemMappers.rejected(path));
        return true;
    }
}
