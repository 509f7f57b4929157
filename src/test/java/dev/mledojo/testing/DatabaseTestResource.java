package dev.mledojo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.mledojo.db.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The test database: the PostgreSQL at {@code TEST_DB_URL} when set (user/password from {@code TEST_DB_USER} and
 * {@code TEST_DB_PASSWORD}), otherwise an embedded PostgreSQL in a fresh temporary folder. Also gives each test run a
 * fresh data directory.
 */
public class DatabaseTestResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedDatabase embedded;

    @Override
    public Map<String, String> start() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("dojo-test-data");
            // the sandbox runs as an unprivileged uid that must traverse to the task data and the workspaces
            Files.setPosixFilePermissions(dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = System.getenv("TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return Map.of("quarkus.datasource.jdbc.url", url,
                    "quarkus.datasource.username", env("TEST_DB_USER", "postgres"),
                    "quarkus.datasource.password", env("TEST_DB_PASSWORD", "postgres"),
                    "quarkus.flyway.clean-at-start", "true",
                    "dojo.data-dir", dataDir.toString());
        }
        embedded = EmbeddedDatabase.start(dataDir.resolve("pg-cluster"));
        return Map.of("quarkus.datasource.jdbc.url", embedded.jdbcUrl(),
                "quarkus.datasource.username", embedded.username(),
                "quarkus.datasource.password", embedded.password(),
                "dojo.data-dir", dataDir.toString());
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    public void stop() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
