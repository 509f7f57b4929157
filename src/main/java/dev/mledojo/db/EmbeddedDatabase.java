package dev.mledojo.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.quarkus.logging.Log;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL server (zonky binaries from Maven Central) whose cluster lives under a directory of ours,
 * so that it survives restarts. Used when no external JDBC URL is configured, and by tests without TEST_DB_URL.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final int ATTEMPTS = 6;
    /** The file zonky locks while a JVM owns the cluster. */
    private static final String LOCK_FILE = "epg-lock";

    private final EmbeddedPostgres postgres;
    private boolean closed;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts (or restarts) the cluster in {@code clusterDir}. A server orphaned by a hard kill is stopped first; a start
     * that fails because a previous instance is still shutting down is retried with a growing pause.
     */
    public static EmbeddedDatabase start(Path clusterDir) {
        prepare(clusterDir);
        return startPrepared(clusterDir, 0, true);
    }

    /**
     * Starts the cluster in {@code clusterDir} on a port chosen now, in the background: the returned start knows its
     * JDBC URL at once, so that the platform can boot alongside the database (its first connection waits for it, see
     * {@link WaitingPostgresDriver}). Folder creation and the check for an orphaned server or another owner run before
     * this returns, so that those errors stop the start right here.
     * <p>
     * Unlike {@link #start}, the server gets no shutdown hook of the library's: at SIGTERM every hook of the JVM runs at
     * once, and that one would stop the server while the platform still uses it. The caller stops it, after the
     * platform ({@link Starting#close}, {@link Starting#stopAfter}).
     */
    public static Starting startInBackground(Path clusterDir) {
        prepare(clusterDir);
        int port = freePort();
        CompletableFuture<EmbeddedDatabase> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                started.complete(startPrepared(clusterDir, port, false));
            } catch (RuntimeException | Error e) {
                started.completeExceptionally(e);
            }
        }, "embedded-postgres-start");
        starter.setDaemon(true);
        starter.start();
        return new Starting(port, started);
    }

    /** An embedded database being started on a known port. */
    public record Starting(int port, CompletableFuture<EmbeddedDatabase> database) {

        public String jdbcUrl() {
            return urlOf(port);
        }

        /** Stops the database once it has started (a start that failed has nothing to stop); idempotent. */
        public void close() {
            try {
                database.join().close();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                Log.debugf("the embedded PostgreSQL had not started: %s", e.getMessage());
            }
        }

        /**
         * Registers a shutdown hook that stops the database once {@code stopped} returns, for a SIGTERM: the JVM runs
         * all its hooks at once, so this one first waits for the platform's own (which stops Quarkus).
         */
        public void stopAfter(Runnable stopped) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopped.run();
                close();
            }, "embedded-postgres-stop"));
        }
    }

    private static void prepare(Path clusterDir) {
        try {
            Files.createDirectories(clusterDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database directory " + clusterDir, e);
        }
        stopOrphanedServer(clusterDir);
    }

    /** A port free on loopback now (as the embedded-postgres library picks one when given none). */
    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the embedded PostgreSQL", e);
        }
    }

    static String urlOf(int port) {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    /**
     * @param port the port to listen on, 0 to let the library choose one per attempt
     * @param libraryHook whether the library stops the server in a shutdown hook of its own
     */
    private static EmbeddedDatabase startPrepared(Path clusterDir, int port, boolean libraryHook) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setDataDirectory(clusterDir)
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(libraryHook)
                        .setPGStartupWait(Duration.ofSeconds(60));
                if (port != 0) {
                    builder.setPort(port);
                }
                EmbeddedPostgres pg = builder.start();
                return new EmbeddedDatabase(pg);
            } catch (IOException | RuntimeException e) {
                last = e instanceof RuntimeException re ? re : new UncheckedIOException((IOException) e);
                Log.warnf("embedded PostgreSQL did not start (attempt %d of %d): %s", attempt, ATTEMPTS, e.getMessage());
                pause(attempt);
            }
        }
        throw new IllegalStateException("embedded PostgreSQL could not start in " + clusterDir, last);
    }

    /**
     * After a hard kill of the platform its PostgreSQL server keeps running (or leaves its {@code postmaster.pid}).
     * When no live instance of ours holds the cluster's lock, such a server is an orphan: stop it and wait for it to
     * exit, so that the new start does not collide with it; a pid file of a process that is gone is removed.
     */
    static void stopOrphanedServer(Path clusterDir) {
        Path pidFile = clusterDir.resolve("postmaster.pid");
        Optional<ProcessHandle> server = serverOf(pidFile);
        if (server.isEmpty()) {
            deleteQuietly(pidFile);
            return;
        }
        try (FileChannel channel = FileChannel.open(clusterDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("another running instance uses the database in " + clusterDir
                        + "; stop it or set DOJO_DATA_DIR to another folder");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessHandle orphan = server.get();
        Log.warnf("stopping the PostgreSQL server (pid %d) that a previous run left behind in %s", orphan.pid(), clusterDir);
        orphan.destroy(); // SIGTERM: PostgreSQL's smart shutdown; its clients died with the old process
        try {
            orphan.onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            orphan.destroyForcibly();
            orphan.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the orphaned PostgreSQL server", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        deleteQuietly(pidFile);
    }

    /** The live postgres process named by a pid file, if any (a reused pid of another program does not count). */
    private static Optional<ProcessHandle> serverOf(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            long pid = first.isEmpty() ? -1 : Long.parseLong(first);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.debugf("could not delete %s: %s", file, e.getMessage());
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(1000L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to restart PostgreSQL", e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    /**
     * Stops the server; a second call waits until it has stopped (the JVM must not exit while a shutdown hook's call
     * is still stopping it), then does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
        } catch (IOException e) {
            Log.warnf("embedded PostgreSQL did not stop cleanly: %s", e.getMessage());
        }
    }
}
