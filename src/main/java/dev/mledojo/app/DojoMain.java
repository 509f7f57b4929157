package dev.mledojo.app;

import java.nio.file.Path;
import java.util.Optional;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Application;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import dev.mledojo.db.EmbeddedDatabase;
import dev.mledojo.db.SessionKey;
import dev.mledojo.db.WaitingPostgresDriver;

/**
 * Entry point of the one image: {@code DOJO_ROLE=fetch-data} runs an episode pod's data fetcher, {@code
 * DOJO_ROLE=runner} its runner (both plain Java, no Quarkus, no database); otherwise the
 * platform boots, and when no JDBC URL is configured the embedded PostgreSQL is started under the data directory
 * while Quarkus boots (its first connection waits for it) and stopped after Quarkus has shut down.
 */
@QuarkusMain
public final class DojoMain {

    private static final String SESSION_KEY = "quarkus.http.auth.session.encryption-key";
    private static final java.util.logging.Logger QUIET_ZONKY = java.util.logging.Logger.getLogger("io.zonky");

    private DojoMain() {
    }

    private static Optional<String> setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public static void main(String... args) {
        if ("fetch-data".equals(System.getenv("DOJO_ROLE"))) {
            // an episode pod's init container: plain Java, no Quarkus, no database
            System.exit(dev.mledojo.runner.DataFetcher.run(System.getenv()));
        }
        if ("runner".equals(System.getenv("DOJO_ROLE"))) {
            // an episode pod's main container: drives the agent, runs its code here, reports steps; no database
            System.exit(dev.mledojo.runner.PodRunner.run(System.getenv()));
        }
        String dataDir = setting("dojo.data-dir", "DOJO_DATA_DIR").orElse("data");
        if (setting(SESSION_KEY, "QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY").isEmpty()) {
            System.setProperty(SESSION_KEY, SessionKey.readOrCreate(Path.of(dataDir).toAbsolutePath().resolve("session.key")));
        }
        // Read before Quarkus owns the configuration: touching ConfigProvider here would register a second config.
        if (setting("quarkus.datasource.jdbc.url", "QUARKUS_DATASOURCE_JDBC_URL").isPresent()) {
            Quarkus.run(args);
            return;
        }
        Path cluster = Path.of(dataDir).toAbsolutePath().resolve("pg-cluster");
        QUIET_ZONKY.setLevel(java.util.logging.Level.WARNING); // its TRACE lines would precede Quarkus' log config
        Log.infof("no JDBC URL configured: starting embedded PostgreSQL in %s", cluster);
        // the database starts while Quarkus boots: the first connection waits for it (WaitingPostgresDriver)
        long started = System.nanoTime();
        EmbeddedDatabase.Starting db = EmbeddedDatabase.startInBackground(cluster);
        db.database().thenRun(() -> Log.infof("embedded PostgreSQL ready on port %d (%d ms)", db.port(),
                (System.nanoTime() - started) / 1_000_000));
        WaitingPostgresDriver.waitFor(db.database());
        System.setProperty("quarkus.datasource.jdbc.url", db.jdbcUrl());
        System.setProperty("quarkus.datasource.username", "postgres");
        System.setProperty("quarkus.datasource.password", "postgres");
        // stopped after Quarkus: when Quarkus.run returns, or at SIGTERM once Quarkus' own hook has stopped it
        db.stopAfter(DojoMain::awaitQuarkusStopped);
        try {
            Quarkus.run(args);
        } finally {
            db.close();
        }
    }

    /** Returns once the application has stopped (at once when it never started, or failed to). */
    private static void awaitQuarkusStopped() {
        Application app = Application.currentApplication();
        if (app != null) {
            app.awaitShutdown();
        }
    }
}
