package dev.mledojo.account;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * The built-in accounts' default passwords (admin/admin, demo/demo) are for a laptop: with them the platform listens on
 * loopback only ({@code quarkus.http.host} defaults to {@code 127.0.0.1}, env {@code DOJO_HTTP_HOST} or
 * {@code QUARKUS_HTTP_HOST} to change it) and refuses to start on any other interface (hostile audit, finding 11).
 * On loopback outside dev and test it still warns loudly.
 */
@ApplicationScoped
public class DefaultPasswordWarning {

    private final AccountConfig accounts;
    private final AuthMode authMode;
    private final String host;

    public DefaultPasswordWarning(AccountConfig accounts, AuthMode authMode,
            @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String host) {
        this.accounts = accounts;
        this.authMode = authMode;
        this.host = host;
    }

    void onStart(@Observes StartupEvent event) {
        if (authMode.oidc()) {
            return; // the built-in accounts are refused in OIDC mode (BuiltInAccountsOff)
        }
        refusal(accounts.usesDefaultPasswords(), host).ifPresent(message -> {
            throw new IllegalStateException(message);
        });
        if (shouldWarn(LaunchMode.current(), accounts)) {
            Log.warn("""

                    ************************************************************************
                    *  The built-in accounts use their DEFAULT PASSWORDS (admin/admin,      *
                    *  demo/demo), so the platform listens on loopback only. To serve       *
                    *  others, set DOJO_ADMIN_PASSWORD and DOJO_DEMO_PASSWORD (or configure *
                    *  OIDC), then DOJO_HTTP_HOST=0.0.0.0.                                   *
                    ************************************************************************""");
        }
    }

    static boolean shouldWarn(LaunchMode mode, AccountConfig accounts) {
        return mode == LaunchMode.NORMAL && accounts.usesDefaultPasswords();
    }

    /** Why the platform must not start: default passwords on an address others can reach; empty when it may. */
    static Optional<String> refusal(boolean defaultPasswords, String host) {
        if (!defaultPasswords || isLoopback(host)) {
            return Optional.empty();
        }
        return Optional.of("Refusing to listen on " + host + " while a built-in account has its default password "
                + "(admin/admin or demo/demo): anyone who reaches this address could sign in as admin. Set "
                + "DOJO_ADMIN_PASSWORD and DOJO_DEMO_PASSWORD (or DOJO_AUTH_MODE=oidc), or listen on loopback only "
                + "(DOJO_HTTP_HOST=127.0.0.1, the default).");
    }

    /** True when every address {@code host} stands for is a loopback address (the wildcard 0.0.0.0 or :: is not). */
    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.trim();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            InetAddress[] all = InetAddress.getAllByName(h);
            return all.length > 0 && Arrays.stream(all).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false; // unknown: it cannot be shown to be loopback
        }
    }
}
