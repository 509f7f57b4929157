package dev.mledojo.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The API rate limit, per user (or per token when a token is used). */
@ConfigMapping(prefix = "dojo.rate-limit")
public interface RateLimitConfig {

    /** Requests per minute; 0 turns the limit off. */
    @WithName("requests-per-minute")
    @WithDefault("600")
    int requestsPerMinute();
}
