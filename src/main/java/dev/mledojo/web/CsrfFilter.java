package dev.mledojo.web;

import java.util.Set;

import dev.mledojo.error.DomainException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Cross-site request forgery protection (double-submit cookie, see src/docs/decisions.md):
 * <ul>
 * <li>pages: every POST/PUT/DELETE outside {@code /api/} must send the {@code csrf-token} form field (or the
 * {@code X-CSRF-Token} header) equal to the {@code csrf-token} cookie, else 403 (a friendly page);</li>
 * <li>API: programs authenticate with Basic or a bearer token, which a foreign site cannot make a browser send, so the
 * API needs no token; but a call that carries a sign-in session cookie and no {@code Authorization} header is a
 * browser's call and needs the token like a page, and a browser's cross-site or same-site call ({@code Sec-Fetch-Site})
 * is refused outright (this also covers Basic credentials a browser cached);</li>
 * <li>the sign-in form ({@code /j_security_check}, handled by Vert.x before REST): the token travels in the query
 * string, checked by a Vert.x filter before authentication, for posts that come from a browser.</li>
 * </ul>
 * GET pages get the cookie (issued on the first visit) and render the token with {@code {inject:csrf.token}}.
 */
@ApplicationScoped
public class CsrfFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final String SIGN_IN = "/j_security_check";

    private final String formCookie;

    public CsrfFilter(@ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
            String formCookie) {
        this.formCookie = formCookie;
    }

    @ServerRequestFilter
    @WithFormRead
    public void verify(ResteasyReactiveContainerRequestContext request, RoutingContext ctx) {
        String path = ctx.normalizedPath();
        boolean api = path.startsWith("/api/");
        if (SAFE.contains(request.getMethod())) {
            if (!api) {
                CsrfToken.current(ctx); // issue the cookie now, while the response headers can still take it
                Flash.capture(ctx);
            }
            return;
        }
        if (api) {
            if (crossSite(ctx)) {
                throw DomainException.forbidden("cross-site-request", "A browser may call "
                        + path + " only from MLE-Dojo's own pages; programs send Basic credentials or a bearer token.")
                        .titled("Cross-site request refused");
            }
            if (!carriesSessionCookie(ctx) || request.getHeaderString("Authorization") != null) {
                return; // a program's call: its credentials are not ambient
            }
        }
        String cookie = CsrfToken.fromCookie(ctx);
        String sent = request.getHeaderString(CsrfToken.HEADER);
        if (sent == null && isForm(request.getMediaType())) {
            Object field = ((ResteasyReactiveRequestContext) request.getServerRequestContext())
                    .getFormParameter(CsrfToken.NAME, true, false);
            sent = field instanceof String s ? s : null;
        }
        if (!CsrfToken.matches(cookie, sent)) {
            throw DomainException.forbidden("csrf-token-invalid", api
                    ? "A call with a sign-in session cookie must send the X-CSRF-Token header (the csrf-token cookie's "
                            + "value); programs use Basic credentials or a bearer token instead."
                    : "This form had expired or was not sent from MLE-Dojo's own page, so nothing was changed. "
                            + "Go back, reload the page and send the form again.").titled("Form refused");
        }
    }

    @ServerResponseFilter
    public void cookies(ContainerResponseContext response, RoutingContext ctx) {
        if (ctx.get(CsrfToken.NEW_COOKIE_KEY) != null && !ctx.response().headWritten()) {
            ctx.remove(CsrfToken.NEW_COOKIE_KEY);
            ctx.response().addCookie(CsrfToken.cookie(ctx, ctx.get(CsrfToken.CONTEXT_KEY)));
        }
        Flash.clearIfShown(ctx, response.getStatus());
    }

    /** The sign-in form posts to Vert.x' form authentication: checked here, before authentication runs. */
    void signInForm(@Observes Filters filters) {
        filters.register(ctx -> {
            if (ctx.request().method() == HttpMethod.POST && ctx.normalizedPath().endsWith(SIGN_IN) && fromBrowser(ctx)
                    && (crossSite(ctx) || !CsrfToken.matches(CsrfToken.fromCookie(ctx), ctx.queryParams().get(CsrfToken.NAME)))) {
                Flash.seeOther(ctx, "/login", "The sign-in form had expired or was sent from another site, so it was "
                        + "not used. Sign in again.");
                return;
            }
            ctx.next();
        }, SecurityHandlerPriorities.CORS - 10);
    }

    /**
     * A browser says where a request comes from ({@code Sec-Fetch-Site}, every current browser); a sibling site is
     * refused too, since it may set cookies for ours.
     */
    private static boolean crossSite(RoutingContext ctx) {
        String site = ctx.request().getHeader("Sec-Fetch-Site");
        return "cross-site".equals(site) || "same-site".equals(site);
    }

    /** Browsers send Origin or Sec-Fetch-* with every form post; scripts signing in (curl, tests) send neither. */
    private static boolean fromBrowser(RoutingContext ctx) {
        return ctx.request().getHeader("Origin") != null || ctx.request().getHeader("Sec-Fetch-Site") != null
                || ctx.request().getHeader("Sec-Fetch-Mode") != null;
    }

    private boolean carriesSessionCookie(RoutingContext ctx) {
        return ctx.request().cookies().stream()
                .anyMatch(c -> c.getName().equals(formCookie) || c.getName().startsWith("q_session"));
    }

    private static boolean isForm(MediaType type) {
        return type != null && ("application".equals(type.getType()) && "x-www-form-urlencoded".equals(type.getSubtype())
                || "multipart".equals(type.getType()) && "form-data".equals(type.getSubtype()));
    }
}
