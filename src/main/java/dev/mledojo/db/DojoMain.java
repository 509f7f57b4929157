package dev.mledojo.db;

import java.nio.file.Path;
import java.util.Optional;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point: when no JDBC URL is configured, starts the embedded PostgreSQL under the data directory before
 * Quarkus boots and stops it after Quarkus has shut down.
 */
@QuarkusMain
public final class DojoMain {

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
        // Read before Quarkus owns the configuration: touching ConfigProvider here would register a second config.
        Optional<String> url = setting("quarkus.datasource.jdbc.url", "QUARKUS_DATASOURCE_JDBC_URL");
        if (url.isPresent()) {
            Quarkus.run(args);
            return;
        }
        String dataDir = setting("dojo.data-dir", "DOJO_DATA_DIR").orElse("data");
        Path cluster = Path.of(dataDir).toAbsolutePath().resolve("pg-cluster");
        Log.infof("no JDBC URL configured: starting embedded PostgreSQL in %s", cluster);
        try (EmbeddedDatabase db = EmbeddedDatabase.start(cluster)) {
            System.setProperty("quarkus.datasource.jdbc.url", db.jdbcUrl());
            System.setProperty("quarkus.datasource.username", db.username());
            System.setProperty("quarkus.datasource.password", db.password());
            Quarkus.run(args);
        }
    }
}
