package dev.mledojo.web;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;


/**
 * Pages and JSON as anonymous visitors get them, rendered once per request URI and stamp (what the response is made
 * of, read by the caller on every request — for the boards, the projection's version and its newest snapshot from the
 * database — so no replica serves a response older than the data it would read). Only responses without per-user content are kept: signed-in viewers and
 * a pending flash message are always rendered fresh, and these pages carry no CSRF token. A bounded (Caffeine) cache
 * of immutable strings: losing an entry only costs a render.
 */
@ApplicationScoped
public class PageCache {

    static final int MAX = 2000;

    private final Cache<String, String> pages = Caffeine.newBuilder().maximumSize(MAX).build();
    private final SecurityIdentity identity;
    private final RoutingContext request;
    private final Flash flash;

    public PageCache(SecurityIdentity identity, RoutingContext request, Flash flash) {
        this.identity = identity;
        this.request = request;
        this.flash = flash;
    }

    /** The page this request asks for: from the cache for an anonymous visitor, else rendered now. */
    public String page(Supplier<String> stamp, Supplier<TemplateInstance> page) {
        return text(stamp, () -> page.get().render());
    }

    /** Any text response of this request (JSON, CSV), cached as {@link #page} is. */
    public String text(Supplier<String> stamp, Supplier<String> render) {
        if (!identity.isAnonymous() || flash.getMessage() != null) {
            return render.get();
        }
        String key = request.request().uri() + "|" + stamp.get();
        String hit = pages.getIfPresent(key);
        if (hit != null) {
            return hit;
        }
        String text = render.get(); // outside the cache's lock: a render may read the database
        pages.put(key, text);
        return text;
    }
}
