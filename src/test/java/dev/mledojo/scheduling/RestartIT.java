package dev.mledojo.scheduling;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mledojo.testing.DatabaseTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Kills the packaged platform (SIGKILL) while episodes of a submission run, starts it again on the same database
 * and data directory, and checks that every episode ends FINISHED, FAILED (INFRA_ERROR) or re-queued and then
 * finished — none stuck RUNNING, no result duplicated, no sandbox process left behind.
 */
class RestartIT {

    static final List<String> TASKS = List.of("practice-tabular-binary", "practice-tabular-regression",
            "practice-text-classification", "practice-timeseries-forecasting");

    static DatabaseTestResource database;
    static Map<String, String> db;
    static Process app;
    static String url;
    static Path log;

    @BeforeAll
    static void start() throws IOException {
        database = new DatabaseTestResource();
        db = database.start();
        Path out = Path.of("target/restart-it").toAbsolutePath();
        Files.createDirectories(out);
        log = out.resolve("platform.log");
        url = "http://localhost:" + freePort();
        app = launch();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.destroy();
            try {
                app.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            app.destroyForcibly();
        }
        if (database != null) {
            database.stop();
        }
    }

    static Process launch() throws IOException {
        Path jar = Path.of(System.getProperty("dojo.it.app-jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        assertThat(jar).as("the packaged platform (./mvnw verify packages it first)").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        db.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dquarkus.http.port=" + url.substring(url.lastIndexOf(':') + 1));
        command.add("-Ddojo.demo.enabled=false");
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("DOJO_TASKS_DIR", Path.of("tasks").toAbsolutePath().toString());
        pb.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        Process p = pb.start();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(p.isAlive()).as("the platform process (see " + log + ")").isTrue();
            try {
                return given().get(url + "/q/health/ready").getStatusCode() == 200;
            } catch (Exception e) { // connection refused while it starts (thrown undeclared by REST Assured)
                return false;
            }
        });
        return p;
    }

    static JsonPath submission(long id) {
        return given().auth().preemptive().basic("demo", "demo").get(url + "/api/v1/submissions/" + id).then()
                .statusCode(200).extract().jsonPath();
    }

    @Test
    void a_hard_kill_loses_no_episode_and_duplicates_no_result() throws Exception {
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", "restart-sklearn", "kind", "baseline", "config", Map.of("baseline", "sklearn")))
                .post(url + "/api/v1/agents").then().statusCode(201);
        long id = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("agent", "restart-sklearn", "seeds", 2, "suite", Map.of("tasks", TASKS)))
                .post(url + "/api/v1/submissions").then().statusCode(201).extract().jsonPath().getLong("id");

        // wait until work is really under way: one episode done and one running
        await().atMost(Duration.ofMinutes(5)).until(() -> {
            List<String> states = submission(id).getList("episodes.state");
            return states.contains("finished") && states.contains("running");
        });
        app.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // the sandbox dies with the platform (--die-with-parent): the kernel kills it right after
        await().atMost(Duration.ofSeconds(30)).until(() -> sandboxProcesses().isEmpty());

        app = launch();
        await().atMost(Duration.ofMinutes(10)).until(() -> submission(id).getDouble("progress") == 1.0);
        JsonPath done = submission(id);
        List<Map<String, Object>> episodes = done.getList("episodes");
        assertThat(episodes).noneMatch(e -> List.of("running", "starting", "queued").contains(e.get("state")));
        assertThat(episodes).anyMatch(e -> "failed".equals(e.get("state"))
                && String.valueOf(e.get("endReason")).contains("infra_error"));
        Map<String, Integer> finishedPerRun = new HashMap<>();
        for (Map<String, Object> e : episodes) {
            if ("finished".equals(e.get("state"))) {
                finishedPerRun.merge(e.get("task") + "#" + e.get("seed"), 1, Integer::sum);
            } else {
                assertThat(e.get("state")).isEqualTo("failed");
            }
        }
        assertThat(finishedPerRun).hasSize(TASKS.size() * 2).allSatisfy((run, n) -> assertThat(n).as(run).isEqualTo(1));
        // a finished run's sandbox may still be tearing down for a moment; none may stay
        await().atMost(Duration.ofSeconds(30)).until(() -> sandboxProcesses().isEmpty());
    }

    /** Processes owned by a sandbox uid (61000+, see dojo.sandbox.base-uid). */
    static List<String> sandboxProcesses() throws IOException {
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

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
