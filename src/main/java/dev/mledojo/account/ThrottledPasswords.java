package dev.mledojo.account;

import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.quarkus.elytron.security.runtime.ElytronPasswordIdentityProvider;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * Every password check of the built-in accounts (HTTP Basic on the API and pages, the sign-in form) goes through
 * {@link SignInThrottle}: an identity-provider decorator, tried before the embedded realm (whose provider it calls
 * itself), because it is the one place where both mechanisms hand over the user name with the request (the form's
 * user name is in its body, which a route filter ahead of authentication cannot read without consuming it).
 * <p>
 * A refused attempt fails authentication and replaces the request's authentication-failure handler with the web
 * edge's {@code sign-in-refused} handler (429 problem JSON with {@code Retry-After}, or the sign-in page with a
 * message), which finds the wait under {@link #RETRY_AFTER}. A wrong password is answered on the API by the web edge's
 * {@code credentials-rejected} answer (401 problem JSON), elsewhere as Quarkus does.
 * <p>
 * The client address is the connection's remote address; with {@code quarkus.http.proxy.proxy-address-forwarding}
 * Quarkus replaces it by the forwarded one before this runs.
 */
@ApplicationScoped
public class ThrottledPasswords implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    /** Routing-context key: seconds until a refused sign-in may be tried again (a Long). */
    public static final String RETRY_AFTER = "dojo.sign-in.retry-after";

    private final ElytronPasswordIdentityProvider realm;
    private final SignInThrottle throttle;
    private final BiConsumer<RoutingContext, Throwable> refused;
    private final BiPredicate<RoutingContext, Throwable> rejected;

    public ThrottledPasswords(ElytronPasswordIdentityProvider realm, SignInThrottle throttle,
            @Named("sign-in-refused") BiConsumer<RoutingContext, Throwable> refused,
            @Named("credentials-rejected") BiPredicate<RoutingContext, Throwable> rejected) {
        this.realm = realm;
        this.throttle = throttle;
        this.refused = refused;
        this.rejected = rejected;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    /** After {@link BuiltInAccountsOff.Passwords} (which refuses everything in OIDC mode), before the realm. */
    @Override
    public int priority() {
        return Integer.MAX_VALUE - 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        RoutingContext ctx = HttpSecurityUtils.getRoutingContextAttribute(request);
        String address = ctx == null ? null : address(ctx.request().remoteAddress());
        if (ctx != null) {
            FailureHandlers.putAhead(ctx, rejected); // a wrong password on the API: 401 problem JSON
        }
        return context.runBlocking(() -> {
            SignInThrottle.Outcome outcome = throttle.attempt(request.getUsername(), address,
                    () -> realm.authenticate(request, context).await().indefinitely());
            if (outcome.refused()) {
                if (ctx != null) {
                    ctx.put(RETRY_AFTER, outcome.retryAfterSeconds());
                    ctx.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, refused);
                }
                throw new AuthenticationFailedException("too many failed sign-ins for this account or from this address");
            }
            if (outcome.failure() != null) {
                throw outcome.failure();
            }
            return outcome.identity();
        });
    }

    private static String address(SocketAddress remote) {
        if (remote == null) {
            return null;
        }
        return remote.hostAddress() != null ? remote.hostAddress() : remote.host();
    }
}
