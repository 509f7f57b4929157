package dev.mledojo.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The API rate limit per user, all their tokens together, counted once across replicas ({@link ApiRateLimits}). */
@ConfigMapping(prefix = "dojo.rate-limit")
public interface RateLimitConfig {

    /** Requests per minute; 0 turns the limit off. */
    @WithName("requests-per-minute")
    @WithDefault("600")
    int requestsPerMinute();
}
