package dev.mledojo.account;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Throttling of failed sign-ins with the built-in accounts (HTTP Basic and the sign-in form): after this many failures
 * within the window, per account and per client address, further attempts are refused without checking the password.
 */
@ConfigMapping(prefix = "dojo.auth.throttle")
public interface SignInThrottleConfig {

    /** Failed sign-ins of one account per window; the next attempt is refused (0 turns the account limit off). */
    @WithName("per-account")
    @WithDefault("5")
    int perAccount();

    /** Failed sign-ins from one client address per window, whatever the accounts (0 turns the address limit off). */
    @WithName("per-address")
    @WithDefault("20")
    int perAddress();

    /** The window: it starts at a key's first failure; the counter starts again once it has passed. */
    @WithDefault("15m")
    Duration window();
}
