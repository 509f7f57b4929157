package dev.mledojo.web;

import java.net.URI;
import java.net.URISyntaxException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

/**
 * Redirects stay on the platform's own origin whatever {@code Host} a request names (hostile audit, finding 12): Quarkus
 * REST turns a relative {@code Location} into an absolute one on the request's host, and form authentication builds
 * its sign-in, error and landing redirects from it too, so {@code Host: evil.example} came back as
 * {@code Location: http://evil.example/...} (cache poisoning, links in mails). Just before the headers go out, a
 * {@code Location} on the request's own host is made relative (browsers resolve it against the address they used);
 * redirects to other hosts (the OIDC server) are left alone.
 */
@ApplicationScoped
public class RedirectOrigin {

    void register(@Observes Filters filters) {
        filters.register(ctx -> {
            ctx.addHeadersEndHandler(v -> relativize(ctx));
            ctx.next();
        }, 1000);
    }

    private static void relativize(RoutingContext ctx) {
        String location = ctx.response().headers().get("Location");
        HostAndPort authority = ctx.request().authority();
        if (location == null || authority == null) {
            return;
        }
        String relative = relativeIfOnHost(location, authority.host(), authority.port());
        if (!relative.equals(location)) {
            ctx.response().headers().set("Location", relative);
        }
    }

    /**
     * {@code location} as a path (with query and fragment) when it is an absolute http(s) URL on {@code host}
     * ({@code port} -1 when the request named none), else unchanged.
     */
    static String relativeIfOnHost(String location, String host, int port) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            return location;
        }
        String scheme = uri.getScheme();
        if (uri.getRawAuthority() == null || scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return location;
        }
        if (uri.getHost() == null || !uri.getHost().equalsIgnoreCase(host) || effectivePort(uri.getPort(), scheme) != effectivePort(port, scheme)) {
            return location;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        // a path starting with "//" would read as another host
        path = "/" + path.replaceFirst("^/+", "");
        return path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
    }

    private static int effectivePort(int port, String scheme) {
        return port >= 0 ? port : scheme.equalsIgnoreCase("https") ? 443 : 80;
    }
}
