package dev.mledojo.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeLauncher;
import dev.mledojo.episode.EpisodeState;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs admitted episodes on this platform instance, each on its own worker thread driving the agent through the
 * environment (the sandbox keeps the agent's code contained), and renews their heartbeat leases while they run (the
 * embedded default; the Kubernetes launcher starts a Job instead).
 */
@ApplicationScoped
public class LocalLauncher implements EpisodeLauncher {

    private final EpisodeRunner runner;
    private final SchedulingConfig config;
    private final PlatformInstance instance;
    private final ExecutorService workers;
    private final ScheduledExecutorService heartbeat;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public LocalLauncher(EpisodeRunner runner, SchedulingConfig config, PlatformInstance instance) {
        this.runner = runner;
        this.config = config;
        this.instance = instance;
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.localCapacity()), r -> {
            Thread t = new Thread(r, "dojo-episode");
            t.setDaemon(true);
            return t;
        });
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dojo-lease");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(100, config.lease().toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public String name() {
        return Episode.LOCAL_LAUNCHER;
    }

    /** This instance's capacity: local episodes run on this machine. */
    @Override
    public int capacity() {
        return config.localCapacity();
    }

    @Override
    public long active() {
        return Episode.count("state in ?1 and submissionId is not null and launcher = ?2 and runnerInstance = ?3",
                List.of(EpisodeState.STARTING, EpisodeState.RUNNING), Episode.LOCAL_LAUNCHER, instance.id());
    }

    @Override
    public Duration lease() {
        return config.lease();
    }

    /** Runs the episode; {@code whenDone} runs after it (the scheduler admits the next one at once). */
    @Override
    public void launch(String episodeId, Runnable whenDone) {
        running.add(episodeId);
        workers.submit(() -> {
            try {
                runner.run(episodeId);
            } finally {
                running.remove(episodeId);
                whenDone.run();
            }
        });
    }

    /** Extends the lease of every episode this instance runs: they are alive as long as this process is. */
    void renew() {
        List<String> ids = List.copyOf(running);
        if (ids.isEmpty()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> Episode.renewLeases(instance.id(), ids,
                    Instant.now().plus(config.lease())));
        } catch (RuntimeException e) {
            Log.errorf(e, "could not renew the leases of %d running episodes", ids.size());
        }
    }

    @PreDestroy
    void stop() {
        heartbeat.shutdownNow();
        workers.shutdownNow();
    }
}
