package dev.mledojo.scheduling;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The local launcher's capacity, the retry policy of the queue and the runners' heartbeat lease. */
@ConfigMapping(prefix = "dojo.scheduling")
public interface SchedulingConfig {

    /** Episodes of submissions running at once on this platform instance. */
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

    /** Whether this instance admits and runs queued episodes (a replica may only serve the API; it still sweeps). */
    @WithDefault("true")
    boolean enabled();

    /**
     * How long a running episode's runner counts as alive without news: the instance renews the lease of each of its
     * episodes every third of it; once expired, any instance fails the episode with INFRA_ERROR and queues a retry.
     */
    @WithDefault("30s")
    Duration lease();

    /** How often each instance looks for episodes whose lease expired (a Quarkus scheduler interval). */
    @WithName("sweep-every")
    @WithDefault("10s")
    String sweepEvery();
}
