package dev.mledojo.agent;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Settings of agents that run outside the platform's own code: external programs and what they are told. */
@ConfigMapping(prefix = "dojo.agents")
public interface AgentsConfig {

    /**
     * Whether agents of kind {@code external} may be registered and run: programs of the submitter's choosing, run in
     * the sandbox (bubblewrap, control group, seccomp, no network but a tunnel to the platform) by users an admin allowed.
     * Off unless an operator turns it on.
     */
    @WithName("external-processes")
    @WithDefault("false")
    boolean externalProcesses();

    /**
     * Host folders holding agent programs, mounted read-only at the same path in an external agent's sandbox (e.g.
     * {@code /opt/agents}); nothing else of the host is visible there besides {@code /usr}.
     */
    @WithName("program-dirs")
    Optional<List<String>> programDirs();

    /** The platform's URL as agents reach it (default: http://127.0.0.1 on the HTTP port). */
    @WithName("platform-url")
    Optional<String> platformUrl();
}
