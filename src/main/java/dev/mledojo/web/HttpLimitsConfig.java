package dev.mledojo.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Request body limits per route ({@link BodyLimits}). File uploads (admin imports, task folders, leaderboards, the
 * grading upload, a pod's submission upload) keep {@code quarkus.http.limits.max-body-size}; every other body is small.
 */
@ConfigMapping(prefix = "dojo.http")
public interface HttpLimitsConfig {

    /** Largest body of an ordinary API call or form (JSON, form fields, text). */
    @WithName("max-json-bytes")
    @WithDefault("1M")
    MemorySize maxJsonBytes();

    /** Largest body of a step ({@code POST /api/v1/episodes/{id}/step}): it carries the agent's code. */
    @WithName("max-step-bytes")
    @WithDefault("2M")
    MemorySize maxStepBytes();

    /**
     * Largest body of a pod's step report (code, and stdout and stderr of up to 1 MiB each) and of a call to the LLM
     * gateway (a whole conversation).
     */
    @WithName("max-report-bytes")
    @WithDefault("8M")
    MemorySize maxReportBytes();
}
