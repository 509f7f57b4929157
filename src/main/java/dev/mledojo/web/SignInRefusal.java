package dev.mledojo.web;

import java.util.Map;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * The answer to a sign-in refused for too many failures (the account module's throttle installs it as the request's
 * authentication-failure handler and leaves the wait under {@code dojo.sign-in.retry-after}): the sign-in form goes
 * back to the sign-in page, which says how long to wait; every other request (HTTP Basic, on the API or a page) gets
 * 429 problem JSON. Both carry {@code Retry-After}. It also answers a sign-in cookie of an ended session (the key
 * {@code dojo.sign-in.session-ended}): 401 problem JSON on the API, the sign-in page otherwise.
 */
@ApplicationScoped
@Named("sign-in-refused")
public class SignInRefusal implements BiConsumer<RoutingContext, Throwable> {

    static final String RETRY_AFTER = "dojo.sign-in.retry-after";
    static final String SESSION_ENDED = "dojo.sign-in.session-ended";

    private final ObjectMapper json;

    public SignInRefusal(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void accept(RoutingContext ctx, Throwable failure) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        String path = ctx.normalizedPath();
        if (Boolean.TRUE.equals(ctx.get(SESSION_ENDED))) {
            endedSession(ctx, path);
            return;
        }
        Object value = ctx.get(RETRY_AFTER);
        long retryAfter = value instanceof Number n ? Math.max(1, n.longValue()) : 60;
        ctx.response().putHeader("Retry-After", Long.toString(retryAfter));
        if (ctx.request().method() == HttpMethod.POST && path.endsWith("/j_security_check")) {
            ctx.response().setStatusCode(303).putHeader("Location", "/login?retry-after=" + retryAfter).end();
            return;
        }
        Problem problem = Problem.of(429, "too-many-sign-ins", "Too many failed sign-ins",
                "Too many failed sign-ins for this account or from this address: sign-in is refused for "
                        + retryAfter + " s, whatever the password. Retry after that.",
                path, Map.of("retryAfterSeconds", retryAfter));
        try {
            ctx.response().setStatusCode(429).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }

    /** A sign-in cookie of an ended session (sign-out, changed password or roles): signed out, as without a cookie. */
    private void endedSession(RoutingContext ctx, String path) {
        if (!ProblemMappers.isApi(path)) {
            ctx.response().setStatusCode(302).putHeader("Location", "/login").end();
            return;
        }
        ApiChallenge.answer(ctx, json, ProblemMappers.unauthorized(path));
    }
}
