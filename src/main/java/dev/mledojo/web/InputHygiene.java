package dev.mledojo.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.mledojo.error.DomainException;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses, before any resource runs, a request whose path or query carries a control character (NUL, line breaks,
 * escape...), raw or percent-encoded, or a broken percent-encoding: 400 with a problem, instead of a database error
 * (PostgreSQL refuses U+0000), a path exception, or a forged log line further in.
 */
@ApplicationScoped
public class InputHygiene {

    @ServerRequestFilter(preMatching = true, priority = 0)
    public void refuseControlCharacters(ContainerRequestContext request, RoutingContext ctx) {
        String problem = problem(ctx.request().uri());
        if (problem != null) {
            throw DomainException.invalid("invalid-characters", "The request's path or query " + problem
                    + "; remove it and send the request again.").titled("Invalid characters in the request");
        }
    }

    /** What is wrong with a raw request URI (path and query, as sent), or null when nothing is. */
    static String problem(String uri) {
        if (uri == null) {
            return null;
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "contains the control character U+" + String.format("%04X", (int) c) + " at position " + i;
            }
            if (c == '%') {
                if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0
                        || Character.digit(uri.charAt(i + 2), 16) < 0) {
                    return "has a broken percent-encoding at position " + i;
                }
                int decoded = Character.digit(uri.charAt(i + 1), 16) * 16 + Character.digit(uri.charAt(i + 2), 16);
                if (decoded < 0x20 || decoded == 0x7f) {
                    return "contains the control character U+" + String.format("%04X", decoded) + " (encoded as %"
                            + uri.substring(i + 1, i + 3) + ") at position " + i;
                }
                i += 2;
            }
        }
        return null;
    }
}
