package dev.mledojo.account;

import java.util.Optional;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.ext.web.RoutingContext;

/** Reads a platform bearer token ({@code Authorization: Bearer <prefix>...}) from a request; other tokens are ignored. */
public final class BearerTokens {

    private static final String BEARER = "Bearer ";

    private BearerTokens() {
    }

    /** The token, if the request carries a bearer token starting with {@code prefix}. */
    public static Optional<String> withPrefix(RoutingContext context, String prefix) {
        String header = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = header.substring(BEARER.length()).trim();
        return token.startsWith(prefix) ? Optional.of(token) : Optional.empty();
    }
}
