package dev.mledojo.web;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * A one-time message for the page a form redirects to (post, redirect 303, get): kept for a minute in a cookie, shown
 * once by the layout ({@code {inject:flash.message}}) and then cleared.
 */
@RequestScoped
@Named("flash")
public class Flash {

    static final String COOKIE = "dojo-flash";
    private static final String CONTEXT_KEY = "dojo.flash";

    private final RoutingContext context;

    public Flash(RoutingContext context) {
        this.context = context;
    }

    /** The message the previous form left for this page, or null. */
    public String getMessage() {
        return context.get(CONTEXT_KEY);
    }

    /**
     * Takes the message from the request (page GETs, before the resource runs): read before the response clears the
     * cookie, since Vert.x keeps request and response cookies in one jar.
     */
    static void capture(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(COOKIE);
        if (c != null && !c.getValue().isEmpty()) {
            String text = URLDecoder.decode(c.getValue(), StandardCharsets.UTF_8);
            ctx.put(CONTEXT_KEY, text.length() > 500 ? text.substring(0, 500) : text);
        }
    }

    /** A 303 redirect to {@code location} that shows {@code message} there. */
    public static Response seeOther(String location, String message) {
        return Response.seeOther(URI.create(location)).cookie(new NewCookie.Builder(COOKIE)
                .value(URLEncoder.encode(message, StandardCharsets.UTF_8)).path("/").maxAge(60).httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX).build()).build();
    }

    /** The same, for Vert.x handlers that run before REST (the sign-in form). */
    static void seeOther(RoutingContext ctx, String location, String message) {
        ctx.response().addCookie(Cookie.cookie(COOKIE, URLEncoder.encode(message, StandardCharsets.UTF_8)).setPath("/")
                .setMaxAge(60).setHttpOnly(true).setSameSite(CookieSameSite.LAX));
        ctx.response().setStatusCode(303).putHeader("Location", location).end();
    }

    /** Clears the message once a page showed it (the layout shows it on every page), not on a redirect. */
    static void clearIfShown(RoutingContext ctx, int status) {
        if (ctx.get(CONTEXT_KEY) != null && (status < 300 || status >= 400) && !ctx.response().headWritten()) {
            ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setMaxAge(0).setHttpOnly(true)
                    .setSameSite(CookieSameSite.LAX));
        }
    }
}
