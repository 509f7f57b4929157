package dev.mledojo.scheduling;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.episode.Episode;
import dev.mledojo.episode.LaunchConfig;
import dev.mledojo.sandbox.BwrapExecutor;
import dev.mledojo.sandbox.CodeExecutor;

/**
 * Whether this platform can run agent code for its episodes: with the local launcher that is its own sandbox (bubblewrap,
 * the interpreter, util-linux); with the Kubernetes launcher code runs in the episodes' pods.
 */
@ApplicationScoped
public class SandboxStatus {

    /** What to install so that agent code runs here (Debian packages). */
    public static final String INSTALL = "apt-get install bubblewrap util-linux python3-pandas python3-sklearn python3-scipy";

    private final CodeExecutor executor;
    private final LaunchConfig launch;

    public SandboxStatus(CodeExecutor executor, LaunchConfig launch) {
        this.executor = executor;
        this.launch = launch;
    }

    /** Why episodes cannot run code here, or empty when they can. */
    public Optional<String> cannotRunCode() {
        if (!Episode.LOCAL_LAUNCHER.equals(launch.launcher()) || !(executor instanceof BwrapExecutor b)) {
            return Optional.empty();
        }
        return b.unavailable();
    }
}
