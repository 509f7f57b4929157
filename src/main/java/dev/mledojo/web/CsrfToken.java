package dev.mledojo.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * The page's CSRF token for templates ({@code {inject:csrf.token}}, {@code {inject:csrf.parameterName}}): a random
 * value also kept in the {@code csrf-token} cookie (double submit), checked by {@link CsrfFilter} on every form post.
 */
@ApplicationScoped
@Named("csrf")
public class CsrfToken {

    /** Cookie, form field and query parameter name. */
    public static final String NAME = "csrf-token";
    /** Header alternative to the form field, for scripts of our own pages. */
    public static final String HEADER = "X-CSRF-Token";
    static final String CONTEXT_KEY = "dojo.csrf-token";
    static final String NEW_COOKIE_KEY = "dojo.csrf-new-cookie";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RoutingContext context;

    public CsrfToken(RoutingContext context) {
        this.context = context;
    }

    /** The token to put in this page's forms; issued (with its cookie) if the request had none. */
    public String getToken() {
        return current(context);
    }

    public String getParameterName() {
        return NAME;
    }

    static String current(RoutingContext ctx) {
        String token = ctx.get(CONTEXT_KEY);
        if (token == null) {
            token = fromCookie(ctx);
            if (token == null) {
                token = issue();
                ctx.put(NEW_COOKIE_KEY, true);
                if (!ctx.response().headWritten()) {
                    ctx.response().addCookie(cookie(ctx, token));
                    ctx.remove(NEW_COOKIE_KEY);
                }
            }
            ctx.put(CONTEXT_KEY, token);
        }
        return token;
    }

    /** The request's token cookie if it is well formed, else null. */
    static String fromCookie(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(NAME);
        return c != null && wellFormed(c.getValue()) ? c.getValue() : null;
    }

    static boolean wellFormed(String token) {
        return token != null && WELL_FORMED.matcher(token).matches();
    }

    static String issue() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Constant-time comparison of the cookie's and the form's token. */
    static boolean matches(String cookie, String submitted) {
        return cookie != null && submitted != null
                && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.US_ASCII), submitted.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A session cookie (no Max-Age), HttpOnly (pages read the token from the form, never from the cookie), SameSite=Lax:
     * the cookie is not a credential, so a link from elsewhere may carry it and open pages keep valid forms.
     */
    static Cookie cookie(RoutingContext ctx, String token) {
        return Cookie.cookie(NAME, token).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.LAX)
                .setSecure(ctx.request().isSSL());
    }
}
