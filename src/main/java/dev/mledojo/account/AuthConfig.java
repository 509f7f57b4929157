package dev.mledojo.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * The sign-in mode ({@code dojo.auth.mode}, env {@code DOJO_AUTH_MODE}) and what each mode switches. application.properties
 * reads the switches of the active mode into Quarkus' own runtime properties, e.g.
 * {@code quarkus.oidc.tenant-enabled=${dojo.auth.${dojo.auth.mode}.oidc-tenant}}.
 */
@ConfigMapping(prefix = "dojo.auth")
public interface AuthConfig {

    /** {@code builtin} (the built-in accounts) or {@code oidc} (Keycloak). */
    AuthMode.Mode mode();

    Switches builtin();

    Switches oidc();

    /** The runtime Quarkus settings that differ between the modes. */
    interface Switches {
        /** {@code quarkus.oidc.tenant-enabled}. */
        @WithName("oidc-tenant")
        boolean oidcTenant();

        /** The mechanism that signs people in on pages ({@code form} or {@code code}), used by {@code /signin}. */
        @WithName("page-mechanism")
        String pageMechanism();
    }
}
