package dev.mledojo.episode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mledojo.grading.FeedbackMode;
import dev.mledojo.grading.GradeReport;
import dev.mledojo.grading.GradingService;
import dev.mledojo.task.TaskConfig;
import dev.mledojo.task.TaskService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Steps every action of the environment over HTTP on a practice task, with real bwrap and Python. */
@QuarkusTest
class GymEndToEndTest {

    static final String TASK = "practice-tabular-binary";

    /** Standard library only: rank customers by days since their last login. */
    static final String STDLIB_SOLUTION = """
            import csv
            rows = list(csv.DictReader(open('/data/test.csv')))
            with open('/workspace/submission.csv', 'w', newline='') as f:
                w = csv.writer(f)
                w.writerow(['id', 'churned'])
                for r in rows:
                    days = float(r['days_since_login'] or 0)
                    calls = float(r['support_calls'] or 0)
                    w.writerow([r['id'], days + 3 * calls])
            print('wrote', len(rows), 'rows')
            """;

    /** pandas + scikit-learn: a logistic regression on the numeric columns. */
    static final String SKLEARN_SOLUTION = """
            import pandas as pd
            from sklearn.linear_model import LogisticRegression
            from sklearn.pipeline import make_pipeline
            from sklearn.impute import SimpleImputer
            from sklearn.preprocessing import StandardScaler
            train = pd.read_csv('/data/train.csv')
            test = pd.read_csv('/data/test.csv')
            cols = [c for c in train.columns if c not in ('id', 'churned') and train[c].dtype != object]
            model = make_pipeline(SimpleImputer(), StandardScaler(), LogisticRegression(max_iter=500))
            model.fit(train[cols], train['churned'])
            pd.DataFrame({'id': test['id'], 'churned': model.predict_proba(test[cols])[:, 1]}).to_csv(
                '/workspace/submission.csv', index=False)
            print('features', len(cols))
            """;

    @Inject
    GradingService grading;

    @Inject
    TaskService tasks;

    @Inject
    TaskConfig config;

    final Gym demo = new Gym("demo", "demo");

    @Test
    void every_action_over_http_with_a_standard_library_solution() throws Exception {
        String id = demo.create(TASK, 30);

        for (String type : List.of("overview", "sample_submission", "data_structure", "data_path", "output_path", "name",
                "metadata", "all")) {
            JsonPath info = demo.step(id, "request_info", Map.of("info_type", type));
            assertThat(info.getString("observation.status")).as(type).isEqualTo("success");
            assertThat(info.getString("observation.result.data")).as(type).isNotBlank();
        }
        assertThat(demo.step(id, "request_info", Map.of("info_type", "data_structure")).getString("observation.result.data"))
                .contains("train.csv").contains("churned");
        assertThat(demo.step(id, "request_info", Map.of("info_type", "all")).getString("observation.feedback"))
                .doesNotContain("answers.csv").doesNotContain("/private");

        JsonPath validated = demo.step(id, "validate_code", Map.of("code", STDLIB_SOLUTION));
        assertThat(validated.getString("observation.status")).isEqualTo("success");
        assertThat(validated.getBoolean("observation.result.wroteSubmission")).isTrue();
        assertThat(validated.getString("observation.feedback")).contains("Syntax check passed").contains("wrote 2000 rows");
        assertThat((Object) validated.get("reward")).isNull();
        assertThat(Files.exists(workspace(id).resolve("submission.csv"))).isFalse();

        JsonPath executed = demo.step(id, "execute_code", Map.of("code", STDLIB_SOLUTION));
        assertThat(executed.getString("observation.status")).isEqualTo("success");
        assertThat(executed.getInt("observation.result.submission.submission")).isEqualTo(1);
        double reward = executed.getDouble("reward");
        GradeReport expected = grading.grade(tasks.currentVersion(TASK).orElseThrow(),
                episodeDir(id).resolve("submissions/submission_1.csv"), FeedbackMode.SPLIT);
        assertThat(reward).isCloseTo(expected.feedback().humanRank(), within(1e-12));
        assertThat(executed.getDouble("observation.scores.currentRaw")).isCloseTo(expected.scores().feedback(), within(1e-12));
        assertThat(executed.getDouble("observation.scores.bestHumanRank")).isCloseTo(reward, within(1e-12));
        assertThat(executed.getString("observation.feedback")).contains("=== Code Execution ===")
                .contains("=== Submission Evaluation ===").contains("HumanRank").contains("position")
                .doesNotContain(Double.toString(expected.scores().finalScore()));
        assertThat(executed.getInt("observation.remaining.steps")).isEqualTo(30 - 12);

        JsonPath history = demo.step(id, "get_history", Map.of());
        assertThat(history.getList("observation.result.steps.action")).contains("request_info", "validate_code", "execute_code");

        JsonPath reset = demo.step(id, "reset", Map.of());
        assertThat(reset.getString("observation.status")).isEqualTo("success");
        assertThat(Files.list(workspace(id)).count()).isZero();
        assertThat(reset.getInt("observation.stepCount")).isEqualTo(14);

        demo.get("/api/v1/episodes/" + id + "/history").statusCode(200).body("steps.size()", equalTo(14))
                .body("steps[13].action", equalTo("reset"));

        JsonPath closed = demo.close(id).statusCode(200).extract().jsonPath();
        assertThat(closed.getString("state")).isEqualTo("finished");
        assertThat(closed.getBoolean("result.valid")).isTrue();
        assertThat(closed.getInt("result.submission")).isEqualTo(1);
        assertThat(closed.getDouble("result.finalScore")).isCloseTo(expected.scores().finalScore(), within(1e-12));
        assertThat(closed.getDouble("result.humanRank")).isCloseTo(expected.standing().humanRank(), within(1e-12));
        assertThat(closed.getInt("result.steps")).isEqualTo(14);

        demo.get("/api/v1/episodes/" + id + "/export/env_history.json").statusCode(200)
                .body("competition", equalTo(TASK)).body("step_count", equalTo(14))
                .body("actions.action", hasItem("execute_code")).body("best_code", containsString("import csv"));
        demo.get("/api/v1/episodes/" + id + "/export/agent_trajectory.json").statusCode(200)
                .body("size()", equalTo(28)).body("[0].role", equalTo("assistant")).body("[1].role", equalTo("user"));

        demo.stepRaw(id, Map.of("action", "get_history")).statusCode(409).contentType("application/problem+json")
                .body("type", containsString("episode-closed"));
    }

    @Test
    void a_pandas_and_scikit_learn_solution_scores_like_the_grader() throws Exception {
        String id = demo.create(TASK, 5);
        JsonPath executed = demo.step(id, "execute_code", Map.of("code", SKLEARN_SOLUTION));
        assertThat(executed.getString("observation.status")).as(executed.getString("observation.feedback")).isEqualTo("success");
        GradeReport expected = grading.grade(tasks.currentVersion(TASK).orElseThrow(),
                episodeDir(id).resolve("submissions/submission_1.csv"), FeedbackMode.SPLIT);
        assertThat(executed.getDouble("reward")).isCloseTo(expected.feedback().humanRank(), within(1e-12));
        assertThat(expected.scores().feedback()).as("clearly better than a constant").isGreaterThan(0.6);
        JsonPath closed = demo.close(id).statusCode(200).extract().jsonPath();
        assertThat(closed.getDouble("result.finalScore")).isCloseTo(expected.scores().finalScore(), within(1e-12));
    }

    @Test
    void agent_mistakes_are_error_observations_not_failures() {
        String id = demo.create(TASK, 10);
        JsonPath unknown = demo.step(id, "fly_to_the_moon", Map.of());
        assertThat(unknown.getString("observation.status")).isEqualTo("error");
        assertThat(unknown.getString("observation.error.kind")).isEqualTo("unknown_action");
        assertThat(unknown.getString("observation.error.details")).contains("execute_code");
        assertThat(unknown.getBoolean("done")).isFalse();

        assertThat(demo.step(id, "execute_code", Map.of()).getString("observation.error.kind")).isEqualTo("invalid_params");
        assertThat(demo.step(id, "execute_code", Map.of("code", "   ")).getString("observation.error.kind")).isEqualTo("invalid_params");
        assertThat(demo.step(id, "execute_code", Map.of("code", 42)).getString("observation.error.message")).contains("string");
        assertThat(demo.step(id, "request_info", Map.of("info_type", "secrets")).getString("observation.error.kind"))
                .isEqualTo("unknown_info_type");
        JsonPath syntax = demo.step(id, "execute_code", Map.of("code", "def broken(:\n  pass"));
        assertThat(syntax.getString("observation.error.kind")).isEqualTo("syntax_error");
        assertThat(syntax.getString("observation.error.message")).contains("line 1");
        JsonPath crash = demo.step(id, "execute_code", Map.of("code", "import pandas as pd\npd.read_csv('/data/nope.csv')"));
        assertThat(crash.getString("observation.error.kind")).isEqualTo("file_not_found");
        assertThat(crash.getString("observation.error.likelyCauses")).contains("/data");
        JsonPath noFile = demo.step(id, "execute_code", Map.of("code", "print('no submission')"));
        assertThat(noFile.getString("observation.error.kind")).isEqualTo("submission_missing");
        JsonPath badFile = demo.step(id, "execute_code", Map.of("code",
                "open('/workspace/submission.csv','w').write('id,wrong\\n1,2\\n')"));
        assertThat(badFile.getString("observation.error.kind")).isEqualTo("invalid_submission");
        assertThat(badFile.getString("observation.error.message")).contains("missing_columns").contains("churned");
        assertThat(badFile.getDouble("reward")).isZero();

        JsonPath last = demo.step(id, "get_history", Map.of());
        assertThat(last.getBoolean("done")).as("the 10th step exhausts the budget").isTrue();
        assertThat(last.getString("observation.doneReason")).contains("step budget");
        demo.get("/api/v1/episodes/" + id).statusCode(200).body("state", equalTo("finished"))
                .body("result.valid", equalTo(false));
    }

    @Test
    void extensions_registered_as_beans_are_offered_over_http() {
        String id = demo.create(TASK, 5);
        JsonPath echo = demo.step(id, "echo", Map.of("text", "hello gym"));
        assertThat(echo.getString("observation.status")).isEqualTo("success");
        assertThat(echo.getString("observation.result.echo")).isEqualTo("hello gym");
        assertThat(echo.getString("observation.feedback")).contains("=== Echo ===");
        JsonPath lucky = demo.step(id, "request_info", Map.of("info_type", "lucky_number"));
        assertThat(lucky.getString("observation.result.data")).contains("lucky number of " + TASK + " is 7");
        assertThat(demo.step(id, "request_info", Map.of("info_type", "all")).getString("observation.result.data"))
                .contains("--- lucky_number ---");
        demo.close(id).statusCode(200);
    }

    @Test
    void bad_requests_get_problem_json() {
        demo.createRaw(Map.of()).statusCode(400).contentType("application/problem+json");
        demo.createRaw(Map.of("task", "no-such-task")).statusCode(404);
        demo.createRaw(Map.of("task", "spaceship-titanic")).statusCode(409).body("type", containsString("task-not-ready"));
        demo.createRaw(Map.of("task", TASK, "budget", Map.of("max_steps", 0))).statusCode(400)
                .body("type", containsString("invalid-budget"));
        demo.createRaw(Map.of("task", TASK, "score_mode", "vibes")).statusCode(400);
        demo.stepRaw("no-such-episode", Map.of("action", "get_history")).statusCode(404);

        String id = demo.create(TASK, 5);
        JsonPath big = demo.step(id, "execute_code", Map.of("code", "#" + "x".repeat(300_000)));
        assertThat(big.getString("observation.error.kind")).isEqualTo("code_too_large");

        String adminEpisode = new Gym("admin", "admin").create(TASK, 5);
        demo.stepRaw(adminEpisode, Map.of("action", "get_history")).statusCode(403).contentType("application/problem+json");
        demo.get("/api/v1/episodes/" + adminEpisode + "/history").statusCode(403);
        demo.close(adminEpisode).statusCode(403);
        new Gym("admin", "admin").close(adminEpisode).statusCode(200);
        demo.close(id).statusCode(200);
        io.restassured.RestAssured.given().contentType("application/json").body(Map.of("task", TASK))
                .post("/api/v1/episodes").then().statusCode(401);
    }

    @Test
    void raw_score_mode_rewards_the_signed_raw_score() {
        String id = demo.createRaw(Map.of("task", "practice-tabular-regression", "score_mode", "raw",
                "budget", Map.of("max_steps", 3))).statusCode(201).extract().jsonPath().getString("id");
        JsonPath executed = demo.step(id, "execute_code", Map.of("code", """
                import csv
                ids = [r['id'] for r in csv.DictReader(open('/data/test.csv'))]
                with open('/workspace/submission.csv', 'w') as f:
                    f.write('id,price\\n')
                    for i in ids:
                        f.write(f'{i},250000\\n')
                """));
        assertThat(executed.getString("observation.status")).as(executed.getString("observation.feedback")).isEqualTo("success");
        assertThat(executed.getDouble("reward")).isEqualTo(-executed.getDouble("observation.scores.currentRaw"));
        demo.close(id).statusCode(200);
    }

    private Path episodeDir(String id) {
        return Path.of(config.dataDir()).toAbsolutePath().resolve("episodes").resolve(id);
    }

    private Path workspace(String id) {
        return episodeDir(id).resolve("workspace");
    }
}
