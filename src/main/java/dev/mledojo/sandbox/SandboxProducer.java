package dev.mledojo.sandbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/** Makes the configured local sandbox the injectable {@link CodeExecutor}, created (and checked) at startup. */
@ApplicationScoped
public class SandboxProducer {

    @Produces
    @Singleton
    CodeExecutor codeExecutor(SandboxConfig config) {
        if (config.settings().isolation() == Isolation.POD) {
            // the platform's own host is no episode pod: nothing would contain the code
            throw new IllegalStateException("dojo.sandbox.isolation=pod is the isolation of an episode pod's runner, "
                    + "not of the platform; use bwrap (or none on a developer laptop)");
        }
        return new BwrapExecutor(config.settings(), config.containment(), config.warmup());
    }

    void close(@Disposes CodeExecutor executor) {
        if (executor instanceof BwrapExecutor b) {
            b.close();
        }
    }

    /** Creates the executor at startup so that "isolation none" and a missing bubblewrap are logged right away. */
    void onStart(@Observes StartupEvent event, CodeExecutor executor) {
        if (executor instanceof BwrapExecutor b) {
            b.unavailable().ifPresentOrElse(
                    why -> Log.errorf("Agent code cannot run: %s", why),
                    () -> Log.infof("Sandbox ready: %s", b));
        }
    }
}
