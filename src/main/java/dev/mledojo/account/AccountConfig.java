package dev.mledojo.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** Passwords of the built-in accounts (used while no OIDC server is configured). */
@ConfigMapping(prefix = "dojo.accounts")
public interface AccountConfig {

    String DEFAULT_ADMIN = "admin";
    String DEFAULT_DEMO = "demo";

    @WithName("admin-password")
    String adminPassword();

    @WithName("demo-password")
    String demoPassword();

    default boolean usesDefaultPasswords() {
        return DEFAULT_ADMIN.equals(adminPassword()) || DEFAULT_DEMO.equals(demoPassword());
    }
}
