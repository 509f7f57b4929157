package dev.mledojo.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a form sign-in cookie that was issued at or before its user's sessions were ended ({@link SignInSessions}):
 * the cookie is stateless and stays decryptable, so without this a copy kept from before sign-out would go on working
 * until its idle timeout. Tried before the embedded realm's trusted provider; a valid cookie is handed on to it. A
 * refused cookie is cleared, and the web edge's {@code sign-in-refused} handler answers: 401 problem JSON on the API,
 * the sign-in page otherwise.
 */
@ApplicationScoped
public class FormSessionCheck implements IdentityProvider<TrustedAuthenticationRequest> {

    /** Routing-context key: the request's sign-in cookie belongs to an ended session (a Boolean). */
    public static final String SESSION_ENDED = "dojo.sign-in.session-ended";

    private final SignInSessions sessions;
    private final BiConsumer<RoutingContext, Throwable> refused;
    private final String cookieName;
    private final Optional<String> key;
    private final Duration timeout;

    public FormSessionCheck(SignInSessions sessions,
            @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential") String cookieName,
            @ConfigProperty(name = "quarkus.http.auth.session.encryption-key") Optional<String> key,
            @ConfigProperty(name = "quarkus.http.auth.form.timeout", defaultValue = "PT30M") Duration timeout,
            @Named("sign-in-refused") BiConsumer<RoutingContext, Throwable> refused) {
        this.sessions = sessions;
        this.refused = refused;
        this.cookieName = cookieName;
        this.key = key;
        this.timeout = timeout;
    }

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    /** After {@link BuiltInAccountsOff.FormCookies} (OIDC mode refuses every such cookie), before the realm. */
    @Override
    public int priority() {
        return Integer.MAX_VALUE - 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext ctx = HttpSecurityUtils.getRoutingContextAttribute(request);
        Cookie cookie = ctx == null ? null : ctx.request().getCookie(cookieName);
        OptionalLong issued = cookie == null ? OptionalLong.empty()
                : FormCookies.issuedAtMillis(cookie.getValue(), key.orElse(null), timeout);
        if (issued.isEmpty()) {
            return Uni.createFrom().nullItem(); // not a form cookie this check can date: the realm decides as before
        }
        String user = request.getPrincipal();
        return context.runBlocking(() -> {
            Optional<Instant> validAfter = sessions.validAfter(user);
            if (validAfter.isPresent() && issued.getAsLong() <= validAfter.get().toEpochMilli()) {
                ctx.response().addCookie(Cookie.cookie(cookieName, "").setPath("/").setMaxAge(0));
                ctx.put(SESSION_ENDED, Boolean.TRUE);
                ctx.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, refused);
                throw new AuthenticationFailedException("the sign-in session of " + user + " was ended");
            }
            return null;
        });
    }
}
