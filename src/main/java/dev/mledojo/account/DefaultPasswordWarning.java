package dev.mledojo.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/** Warns loudly at startup when the built-in accounts still use their default passwords outside dev and test. */
@ApplicationScoped
public class DefaultPasswordWarning {

    private final AccountConfig accounts;
    private final AuthMode authMode;

    public DefaultPasswordWarning(AccountConfig accounts, AuthMode authMode) {
        this.accounts = accounts;
        this.authMode = authMode;
    }

    void onStart(@Observes StartupEvent event) {
        if (!authMode.oidc() && shouldWarn(LaunchMode.current(), accounts)) {
            Log.warn("""

                    ************************************************************************
                    *  The built-in accounts use their DEFAULT PASSWORDS (admin/admin,      *
                    *  demo/demo). Anyone who can reach this server can sign in as admin.   *
                    *  Set DOJO_ADMIN_PASSWORD and DOJO_DEMO_PASSWORD, or configure OIDC.   *
                    ************************************************************************""");
        }
    }

    static boolean shouldWarn(LaunchMode mode, AccountConfig accounts) {
        return mode == LaunchMode.NORMAL && accounts.usesDefaultPasswords();
    }
}
