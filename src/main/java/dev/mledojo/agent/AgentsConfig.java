package dev.mledojo.agent;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Settings of agents that run outside the platform's own code: external programs and what they are told. */
@ConfigMapping(prefix = "dojo.agents")
public interface AgentsConfig {

    /**
     * Whether agents of kind {@code external} may be registered and run: they are programs started on the platform's
     * host as plain processes (not sandboxed yet), so this is off unless an operator turns it on.
     */
    @WithName("external-processes")
    @WithDefault("false")
    boolean externalProcesses();

    /** The platform's URL as agents reach it (default: http://127.0.0.1 on the HTTP port). */
    @WithName("platform-url")
    Optional<String> platformUrl();
}
