package dev.mledojo.scheduling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The local launcher's capacity and the retry policy of the queue. */
@ConfigMapping(prefix = "dojo.scheduling")
public interface SchedulingConfig {

    /** Episodes of submissions running at once on this machine. */
    @WithName("local-capacity")
    @WithDefault("1")
    int localCapacity();

    /** Episodes of one submitter running at once (the rest of the capacity stays for others). */
    @WithName("per-user-concurrency")
    @WithDefault("2")
    int perUserConcurrency();

    /** Attempts of an episode that keeps failing for infrastructure reasons. */
    @WithName("max-attempts")
    @WithDefault("3")
    int maxAttempts();

    /** Whether the scheduler admits episodes (a platform replica may only serve the API). */
    @WithDefault("true")
    boolean enabled();
}
