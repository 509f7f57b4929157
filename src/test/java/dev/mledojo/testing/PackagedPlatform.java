package dev.mledojo.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged platform ({@code target/quarkus-app/quarkus-run.jar}, built by {@code ./mvnw verify} before the ITs) run
 * as a separate JVM for end-to-end tests that kill and restart it; its output is appended to a log file.
 */
public final class PackagedPlatform {

    public final String name;
    public final int port;
    public final String url;
    public final Path log;
    private Process process;

    public PackagedPlatform(String name, Path log) throws IOException {
        this.name = name;
        this.port = freePort();
        this.url = "http://localhost:" + port;
        this.log = log;
        Files.createDirectories(log.getParent());
    }

    /** Starts the jar with these system properties (and its HTTP port) and waits until it is ready. */
    public void start(Map<String, String> properties) throws IOException {
        Path jar = Path.of(System.getProperty("dojo.it.app-jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        assertThat(jar).as("the packaged platform (./mvnw verify packages it first)").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        Files.writeString(log, "==== " + Instant.now() + " starting " + name + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("DOJO_TASKS_DIR", Path.of("tasks").toAbsolutePath().toString());
        pb.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        Process p = pb.start();
        process = p;
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(p.isAlive()).as(name + " (see " + log + ")").isTrue();
            try {
                return given().get(url + "/q/health/ready").getStatusCode() == 200;
            } catch (Exception e) { // connection refused while it starts (thrown undeclared by REST Assured)
                return false;
            }
        });
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no cleanup. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(name + " died").isTrue();
    }

    /** SIGTERM, then SIGKILL if it does not stop. */
    public void stop() {
        if (process == null) {
            return;
        }
        try {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Processes owned by a sandbox uid (61000+, see dojo.sandbox.base-uid). */
    public static List<String> sandboxProcesses() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    for (String line : Files.readAllLines(p.resolve("status"))) {
                        if (line.startsWith("Uid:")) {
                            int uid = Integer.parseInt(line.split("\\s+")[1]);
                            if (uid >= 60999 && uid < 62000) {
                                found.add(p.getFileName() + " uid " + uid);
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }
}
