package dev.mledojo.account;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * How people sign in, chosen at startup by {@code dojo.auth.mode} (env {@code DOJO_AUTH_MODE}): the built-in accounts,
 * or Keycloak through OIDC. The Quarkus properties that differ between the modes are all runtime properties switched in
 * application.properties ({@code dojo.auth.<mode>.*}); this bean refuses what those properties cannot (the built-in
 * accounts in OIDC mode, see {@link BuiltInAccountsOff}) and checks the configuration at startup.
 */
@ApplicationScoped
public class AuthMode {

    /** The modes; the property takes their lower-case names. */
    public enum Mode {
        BUILTIN, OIDC
    }

    private final Mode mode;
    private final Optional<String> authServerUrl;

    public AuthMode(AuthConfig config,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServerUrl) {
        this.mode = config.mode();
        this.authServerUrl = authServerUrl;
    }

    public Mode mode() {
        return mode;
    }

    /** True when pages and the API sign in through the OIDC server and the built-in accounts are refused. */
    public boolean oidc() {
        return mode == Mode.OIDC;
    }

    void onStart(@Observes StartupEvent event) {
        check(mode, authServerUrl);
    }

    static void check(Mode mode, Optional<String> authServerUrl) {
        if (mode == Mode.OIDC) {
            if (authServerUrl.isEmpty()) {
                throw new IllegalStateException("DOJO_AUTH_MODE=oidc needs the OIDC server: set QUARKUS_OIDC_AUTH_SERVER_URL "
                        + "(e.g. http://localhost:8180/realms/mle-dojo), QUARKUS_OIDC_CLIENT_ID and "
                        + "QUARKUS_OIDC_CREDENTIALS_SECRET");
            }
            Log.infof("sign-in through OIDC at %s; the built-in accounts are refused", authServerUrl.get());
        } else if (authServerUrl.isPresent()) {
            Log.warnf("an OIDC server is configured (%s) but DOJO_AUTH_MODE is not 'oidc': the built-in accounts are "
                    + "in use and the OIDC server is ignored", authServerUrl.get());
        }
    }
}
