package dev.mledojo.db;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;

import dev.mledojo.db.ChangeHub.Topic;

/**
 * Live streams fed by the database's change notifications (see {@code V19__live_notifications.sql}): a stream reads
 * once when it opens, then only when a notification about what it follows arrives (reads coalesce: a burst while a
 * read runs causes one more read, not one per notification), so an idle viewer costs the database nothing. One
 * {@link ChangeListener} session per replica hears the commits of every replica.
 */
@ApplicationScoped
public class ChangeFeed {

    /** Payload: an episode id. Something the episode viewer shows changed. */
    public static final String EPISODE = "dojo_episode";
    /** Payload: a submission id. An episode of the submission changed state or result, or the submission did. */
    public static final String SUBMISSION = "dojo_submission";
    /** Payload: empty. Queue positions and ETAs may have moved. */
    public static final String QUEUE = "dojo_queue";
    /** Payload: a task id. Its data import (preparation) changed. */
    public static final String PREPARATION = "dojo_preparation";

    /** What a stream reads each time it is told of a change: the items to send, and whether they are its last. */
    public record Batch<T>(List<T> items, boolean last) {
    }

    /** Reads a stream's news; called on a worker thread, never twice at once (calls are ordered: happens-before). */
    public interface Reader<T> {

        Batch<T> read();

        /** Whether a notification of {@code topic} calls for a read now ({@link ChangeHub#RESYNC} always does). */
        default boolean wants(Topic topic) {
            return true;
        }
    }

    private final ChangeHub hub = new ChangeHub();
    private final LiveConfig config;
    private final MeterRegistry registry;
    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private ChangeListener listener;

    public ChangeFeed(LiveConfig config, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.config = config;
        this.registry = registry;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void start(@Observes StartupEvent event) {
        listener = new ChangeListener(config.listenUrl().orElse(url), user.orElse(null), password.orElse(null),
                List.of(EPISODE, SUBMISSION, QUEUE, PREPARATION), hub, config.pingInterval(), config.reconnectDelay());
        FunctionCounter.builder("dojo.live.listener.connects", listener, ChangeListener::connects)
                .description("times this replica connected to the database to listen to its change notifications")
                .register(registry);
        FunctionCounter.builder("dojo.live.notifications", listener, ChangeListener::notifications)
                .description("change notifications this replica received").register(registry);
        Gauge.builder("dojo.live.watchers", hub, ChangeHub::size).description("live streams open on this replica")
                .register(registry);
        Thread thread = new Thread(listener, ChangeListener.APPLICATION_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.stop();
        }
    }

    /**
     * A stream of what {@code reader} reads: once now, then after each notification of one of {@code topics} that it
     * {@link Reader#wants wants}; it completes after a batch marked last, and fails if a read fails. {@code name}
     * tags the read counter ({@code dojo.live.reads}).
     */
    public <T> Multi<T> follow(String name, Collection<Topic> topics, Reader<T> reader) {
        Counter reads = Counter.builder("dojo.live.reads").tag("stream", name)
                .description("reads of the database by live streams").register(registry);
        return Multi.createFrom().emitter(emitter -> {
            Follower<T> follower = new Follower<>(reader, emitter, reads, Infrastructure.getDefaultWorkerPool());
            // watch before the first read: a change committed after that read is announced to us
            Runnable unwatch = hub.watch(topics, follower);
            emitter.onTermination(() -> {
                follower.done.set(true);
                unwatch.run();
            });
            follower.changed(ChangeHub.RESYNC);
        });
    }

    /** One open stream: runs reads one at a time on the executor; a wake during a read asks for one more read. */
    private static final class Follower<T> implements ChangeHub.Watcher {

        private static final int IDLE = 0;
        private static final int READING = 1;
        private static final int READING_AGAIN = 2;

        private final Reader<T> reader;
        private final MultiEmitter<? super T> emitter;
        private final Counter reads;
        private final Executor executor;
        private final AtomicInteger state = new AtomicInteger(IDLE);
        final AtomicBoolean done = new AtomicBoolean();

        Follower(Reader<T> reader, MultiEmitter<? super T> emitter, Counter reads, Executor executor) {
            this.reader = reader;
            this.emitter = emitter;
            this.reads = reads;
            this.executor = executor;
        }

        @Override
        public void changed(Topic topic) {
            if (done.get() || !(topic == ChangeHub.RESYNC || reader.wants(topic))) {
                return;
            }
            if (state.getAndUpdate(s -> s == IDLE ? READING : READING_AGAIN) == IDLE) {
                try {
                    executor.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    state.set(IDLE);
                    Log.debugf("live views: no worker for a read (shutting down?): %s", e.getMessage());
                }
            }
        }

        private void drain() {
            do {
                state.set(READING); // what arrives from here on is seen by this read or asks for another
                if (done.get()) {
                    break;
                }
                Batch<T> batch;
                try {
                    reads.increment();
                    batch = reader.read();
                } catch (RuntimeException e) {
                    done.set(true);
                    emitter.fail(e);
                    break;
                }
                batch.items().forEach(emitter::emit);
                if (batch.last()) {
                    done.set(true);
                    emitter.complete();
                    break;
                }
            } while (!state.compareAndSet(READING, IDLE));
        }
    }
}
