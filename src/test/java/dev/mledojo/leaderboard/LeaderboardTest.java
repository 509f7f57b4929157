package dev.mledojo.leaderboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.mledojo.scheduling.DemoSeeder;

/** A baseline agent submitted on practice tasks runs to the end, and the leaderboard shows its mean HumanRank. */
@QuarkusTest
class LeaderboardTest {

    @Inject
    DemoSeeder demo;

    private static JsonPath submission(String user, long id) {
        return given().auth().preemptive().basic(user, user).get("/api/v1/submissions/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void a_baseline_on_two_tasks_and_two_seeds_reaches_the_leaderboard() {
        given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON)
                .body(Map.of("name", "carols-constant", "kind", "baseline", "visibility", "public",
                        "config", Map.of("baseline", "constant")))
                .post("/api/v1/agents").then().statusCode(201);
        given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON)
                .body(Map.of("name", "bad", "kind", "baseline", "config", Map.of("baseline", "magic")))
                .post("/api/v1/agents").then().statusCode(400).body("detail", containsString("sklearn"));
        long id = given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON)
                .body(Map.of("agent", "carols-constant", "seeds", 2,
                        "suite", Map.of("tasks", List.of("practice-tabular-binary", "practice-tabular-regression"))))
                .post("/api/v1/submissions").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofMinutes(3)).until(() -> submission("carol", id).getDouble("progress") == 1.0);
        JsonPath done = submission("carol", id);
        assertThat(done.getList("episodes.state")).containsOnly("finished");
        assertThat(done.getList("episodes.result.valid")).containsOnly(true);

        List<Double> binary = done.getList("episodes.findAll { it.task == 'practice-tabular-binary' }.result.humanRank", Double.class);
        List<Double> regression = done.getList("episodes.findAll { it.task == 'practice-tabular-regression' }.result.humanRank", Double.class);
        double expected = (binary.stream().mapToDouble(d -> d).average().orElseThrow()
                + regression.stream().mapToDouble(d -> d).average().orElseThrow()) / 2;
        // the projection folds finished episodes in within a second
        await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(4).equals(given()
                .get("/api/v1/leaderboards/overall").then().statusCode(200).extract().jsonPath()
                .get("rows.find { it.agent == 'carols-constant' }.episodes")));
        JsonPath board = given().get("/api/v1/leaderboards/overall").then().statusCode(200).extract().jsonPath();
        Map<String, Object> row = board.getMap("rows.find { it.agent == 'carols-constant' }");
        assertThat(row).isNotNull();
        assertThat(((Number) row.get("low")).doubleValue()).isLessThanOrEqualTo(expected + 1e-9);
        assertThat(((Number) row.get("high")).doubleValue()).isGreaterThanOrEqualTo(expected - 1e-9);
        assertThat(((Number) row.get("humanRank")).doubleValue()).isCloseTo(expected, within(1e-6)); // JsonPath reads floats
        assertThat(row.get("tasks")).isEqualTo(2);
        assertThat(row.get("episodes")).isEqualTo(4);
        given().get("/api/v1/leaderboards/tasks/practice-tabular-binary").then().statusCode(200)
                .body(containsString("carols-constant"));
        given().accept(ContentType.HTML).get("/leaderboard").then().statusCode(200).body(containsString("carols-constant"))
                .body(org.hamcrest.Matchers.not(containsString("cannot run agent code")));
        given().get("/api/v1/leaderboards/tasks/no-such-task").then().statusCode(404);
    }

    @Test
    void private_agents_are_shown_only_to_their_owner() {
        given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON)
                .body(Map.of("name", "carols-secret", "kind", "baseline", "config", Map.of("baseline", "sample_submission")))
                .post("/api/v1/agents").then().statusCode(201);
        long id = given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON)
                .body(Map.of("agent", "carols-secret", "suite", Map.of("tasks", List.of("practice-text-classification"))))
                .post("/api/v1/submissions").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofMinutes(2)).until(() -> submission("carol", id).getDouble("progress") == 1.0);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().preemptive().basic("carol", "carol")
                .get("/api/v1/leaderboards/overall").then().extract().asString().contains("carols-secret"));
        given().get("/api/v1/leaderboards/overall").then().body(org.hamcrest.Matchers.not(containsString("carols-secret")));
        given().auth().preemptive().basic("carol", "carol").get("/api/v1/leaderboards/overall").then()
                .body(containsString("carols-secret"));
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/leaderboards/overall").then()
                .body(org.hamcrest.Matchers.not(containsString("carols-secret")));
    }

    @Test
    void the_demo_submits_the_baselines_and_both_scaffolds_once_and_the_scaffolds_reach_the_board() {
        int first = demo.seed();
        assertThat(demo.seed()).isZero();
        assertThat(first).isEqualTo(5);
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/agents").then().statusCode(200)
                .body(containsString("baseline-sklearn")).body(containsString("baseline-constant"))
                .body(containsString("scaffold-linear-replay")).body(containsString("scaffold-tree-replay"));
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/agents/scaffold-tree-replay").then()
                .statusCode(200).body("kind", org.hamcrest.Matchers.equalTo("scaffold"))
                .body("versions[0].config.scaffold", org.hamcrest.Matchers.equalTo("tree"))
                .body("versions[0].config.provider", org.hamcrest.Matchers.equalTo("replay"));

        // both scaffolds, on the same recorded model, run on the four practice tasks with valid submissions
        await().atMost(Duration.ofMinutes(6)).until(() -> {
            JsonPath board = given().get("/api/v1/leaderboards/overall").then().statusCode(200).extract().jsonPath();
            return Integer.valueOf(4).equals(board.get("rows.find { it.agent == 'scaffold-linear-replay' }.episodes"))
                    && Integer.valueOf(4).equals(board.get("rows.find { it.agent == 'scaffold-tree-replay' }.episodes"));
        });
        JsonPath board = given().get("/api/v1/leaderboards/overall").then().statusCode(200).extract().jsonPath();
        for (String agent : List.of("scaffold-linear-replay", "scaffold-tree-replay")) {
            Map<String, Object> row = board.getMap("rows.find { it.agent == '" + agent + "' }");
            assertThat(row.get("kind")).as(agent).isEqualTo("scaffold");
            assertThat(row.get("model")).as(agent).isEqualTo("recorded-demo-model");
            assertThat(row.get("tasks")).as(agent).isEqualTo(4);
            assertThat(((Number) row.get("validRate")).doubleValue()).as(agent).isEqualTo(1.0);
        }
        // the tree search spends its five steps (data layout, two drafts, the repair, an improvement); the linear
        // loop stops after its one program
        assertThat(((Number) board.get("rows.find { it.agent == 'scaffold-tree-replay' }.stepsPerTask")).doubleValue())
                .isEqualTo(5.0);
        assertThat(((Number) board.get("rows.find { it.agent == 'scaffold-linear-replay' }.stepsPerTask")).doubleValue())
                .isEqualTo(2.0);
        given().accept(ContentType.HTML).get("/leaderboard").then().statusCode(200)
                .body(containsString("scaffold-linear-replay")).body(containsString("scaffold-tree-replay"));
    }
}
