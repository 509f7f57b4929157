package dev.mledojo.account;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.smallrye.mutiny.Uni;

/**
 * Refuses the built-in accounts in OIDC mode. The Basic and form mechanisms and the embedded users are fixed at build
 * time, so they exist in both modes; these providers run before the embedded realm (highest priority) and fail every
 * password check (Basic, the sign-in form) and every restored form cookie ({@link TrustedAuthenticationRequest}) while
 * OIDC is on. In the built-in mode they step aside (a null identity hands the request to the next provider).
 */
public final class BuiltInAccountsOff {

    private BuiltInAccountsOff() {
    }

    static Uni<SecurityIdentity> decide(AuthMode mode) {
        if (mode.oidc()) {
            return Uni.createFrom().failure(new AuthenticationFailedException(
                    "the built-in accounts are off while sign-in goes through OIDC"));
        }
        return Uni.createFrom().nullItem();
    }

    /** Basic credentials and the sign-in form. */
    @ApplicationScoped
    public static class Passwords implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

        private final AuthMode mode;

        public Passwords(AuthMode mode) {
            this.mode = mode;
        }

        @Override
        public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
            return UsernamePasswordAuthenticationRequest.class;
        }

        @Override
        public int priority() {
            return Integer.MAX_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                AuthenticationRequestContext context) {
            return decide(mode);
        }
    }

    /** The form's sign-in cookie, which names a built-in user and would otherwise be trusted as it is. */
    @ApplicationScoped
    public static class FormCookies implements IdentityProvider<TrustedAuthenticationRequest> {

        private final AuthMode mode;

        public FormCookies(AuthMode mode) {
            this.mode = mode;
        }

        @Override
        public Class<TrustedAuthenticationRequest> getRequestType() {
            return TrustedAuthenticationRequest.class;
        }

        @Override
        public int priority() {
            return Integer.MAX_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
            return decide(mode);
        }
    }
}
