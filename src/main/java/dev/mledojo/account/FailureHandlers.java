package dev.mledojo.account;

import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/**
 * Puts an answer (the web edge's {@code credentials-rejected}) ahead of the request's authentication-failure handler,
 * which still answers whatever it leaves.
 */
final class FailureHandlers {

    private FailureHandlers() {
    }

    /**
     * @param answer answers the failure and returns true, or returns false to leave it to the handler in place
     */
    static void putAhead(RoutingContext ctx, BiPredicate<RoutingContext, Throwable> answer) {
        BiConsumer<RoutingContext, Throwable> previous = ctx.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
        ctx.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, (BiConsumer<RoutingContext, Throwable>) (c, failure) -> {
            if (!answer.test(c, failure)) {
                if (previous != null) {
                    previous.accept(c, failure);
                } else {
                    c.fail(failure);
                }
            }
        });
    }
}
