package dev.mledojo.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.quarkus.logging.Log;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL server (zonky binaries from Maven Central) whose cluster lives under a directory of ours,
 * so that it survives restarts. Used when no external JDBC URL is configured, and by tests without TEST_DB_URL.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final int ATTEMPTS = 6;

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts (or restarts) the cluster in {@code clusterDir}. After a hard kill the previous postmaster may still hold
     * its shared memory or port for a few seconds, so a failed start is retried with a growing pause.
     */
    public static EmbeddedDatabase start(Path clusterDir) {
        try {
            Files.createDirectories(clusterDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database directory " + clusterDir, e);
        }
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder()
                        .setDataDirectory(clusterDir)
                        .setCleanDataDirectory(false)
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .start();
                return new EmbeddedDatabase(pg);
            } catch (IOException | RuntimeException e) {
                last = e instanceof RuntimeException re ? re : new UncheckedIOException((IOException) e);
                Log.warnf("embedded PostgreSQL did not start (attempt %d of %d): %s", attempt, ATTEMPTS, e.getMessage());
                removeStalePidFile(clusterDir);
                pause(attempt);
            }
        }
        throw new IllegalStateException("embedded PostgreSQL could not start in " + clusterDir, last);
    }

    /** A postmaster.pid whose process is gone is what a hard kill leaves behind; PostgreSQL refuses to start on it. */
    private static void removeStalePidFile(Path clusterDir) {
        Path pidFile = clusterDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            long pid = first.isEmpty() ? -1 : Long.parseLong(first);
            boolean alive = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            if (!alive) {
                Files.deleteIfExists(pidFile);
                Log.warnf("removed the stale %s left by a process that is gone (pid %d)", pidFile, pid);
            }
        } catch (IOException | RuntimeException e) {
            Log.debugf("could not inspect %s: %s", pidFile, e.getMessage());
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

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            Log.warnf("embedded PostgreSQL did not stop cleanly: %s", e.getMessage());
        }
    }
}
