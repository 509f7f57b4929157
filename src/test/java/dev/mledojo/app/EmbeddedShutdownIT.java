package dev.mledojo.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.mledojo.testing.PackagedPlatform;

/**
 * The packaged platform on its embedded default (no JDBC URL: its own PostgreSQL under the data directory), stopped
 * with SIGTERM. Every shutdown hook of a JVM runs at once; the database must still serve while Quarkus shuts down (the
 * live views' listener holds a connection all along), and must be stopped once it has.
 */
class EmbeddedShutdownIT {

    private PackagedPlatform app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void sigterm_stops_the_platform_first_and_then_its_embedded_database() throws Exception {
        Path root = Path.of("target/embedded-shutdown-it").toAbsolutePath();
        Path data = root.resolve(UUID.randomUUID().toString());
        app = new PackagedPlatform("embedded", root.resolve("platform-" + data.getFileName() + ".log"));
        app.start(Map.of("dojo.data-dir", data.toString(), "dojo.demo.enabled", "false"));
        Path pidFile = data.resolve("pg-cluster/postmaster.pid");
        ProcessHandle server = ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim())).orElseThrow();

        app.stop(); // SIGTERM, and waits until the JVM has exited

        assertThat(app.alive()).as("the platform's JVM").isFalse();
        String log = Files.readString(app.log, StandardCharsets.UTF_8);
        assertThat(log).contains("mle-dojo stopped in")
                .doesNotContain("terminating connection due to administrator command")
                .doesNotContain("lost the database's change notifications");
        // pg_ctl returns once the server has removed its pid file, a moment before its process exits; a server nobody
        // stopped would run on
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(server.isAlive()).as("the PostgreSQL server").isFalse());
        assertThat(pidFile).as("a server that shut down cleanly removes its pid file").doesNotExist();
    }
}
