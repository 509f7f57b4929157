package dev.mledojo.scheduling;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mledojo.testing.DatabaseTestResource;
import dev.mledojo.testing.PackagedPlatform;
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
    static PackagedPlatform app;

    @BeforeAll
    static void start() throws IOException {
        database = new DatabaseTestResource();
        db = database.start();
        app = new PackagedPlatform("platform", Path.of("target/restart-it/platform.log").toAbsolutePath());
        launch();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
        if (database != null) {
            database.stop();
        }
    }

    static void launch() throws IOException {
        Map<String, String> props = new HashMap<>(db);
        props.put("dojo.demo.enabled", "false");
        app.start(props);
    }

    static JsonPath submission(long id) {
        return given().auth().preemptive().basic("demo", "demo").get(app.url + "/api/v1/submissions/" + id).then()
                .statusCode(200).extract().jsonPath();
    }

    @Test
    void a_hard_kill_loses_no_episode_and_duplicates_no_result() throws Exception {
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", "restart-sklearn", "kind", "baseline", "config", Map.of("baseline", "sklearn")))
                .post(app.url + "/api/v1/agents").then().statusCode(201);
        long id = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("agent", "restart-sklearn", "seeds", 2, "suite", Map.of("tasks", TASKS)))
                .post(app.url + "/api/v1/submissions").then().statusCode(201).extract().jsonPath().getLong("id");

        // wait until work is really under way: one episode done and one running
        await().atMost(Duration.ofMinutes(5)).until(() -> {
            List<String> states = submission(id).getList("episodes.state");
            return states.contains("finished") && states.contains("running");
        });
        app.kill(); // SIGKILL: no shutdown hook, no cleanup
        // the sandbox dies with the platform (--die-with-parent): the kernel kills it right after
        await().atMost(Duration.ofSeconds(30)).until(() -> PackagedPlatform.sandboxProcesses().isEmpty());

        launch();
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
        await().atMost(Duration.ofSeconds(30)).until(() -> PackagedPlatform.sandboxProcesses().isEmpty());
    }
}
