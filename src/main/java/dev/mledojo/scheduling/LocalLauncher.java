package dev.mledojo.scheduling;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.episode.EpisodeRunner;

/**
 * Runs admitted episodes on this machine, each on its own worker thread driving the agent through the environment
 * (the sandbox keeps the agent's code contained). A Kubernetes launcher will start a Job instead.
 */
@ApplicationScoped
public class LocalLauncher {

    private final EpisodeRunner runner;
    private final ExecutorService workers;

    public LocalLauncher(EpisodeRunner runner, SchedulingConfig config) {
        this.runner = runner;
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.localCapacity()), r -> {
            Thread t = new Thread(r, "dojo-episode");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs the episode; {@code whenDone} runs after it (the scheduler admits the next one at once). */
    public void launch(String episodeId, Runnable whenDone) {
        workers.submit(() -> {
            try {
                runner.run(episodeId);
            } finally {
                whenDone.run();
            }
        });
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
