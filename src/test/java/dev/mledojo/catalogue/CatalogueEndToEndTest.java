package dev.mledojo.catalogue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.Table;
import dev.mledojo.task.TaskConfig;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskParser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every catalogue task end to end, the way an admin with Kaggle access brings it to {@code ready}: the Kaggle account
 * is set over the API, then per task the real import ({@code POST .../import/kaggle}) downloads the task's synthetic
 * raw archive from a local fake of Kaggle's API ({@link CatalogueKaggle}), extracts and prepares it with the task's
 * recipe and reviews it; the test waits for the job, requires a passed review, activates the version, and grades the
 * public sample submission (valid, finite) and a perfect submission (the private answers in submission layout; the
 * metric's optimum) through the grading API. Tasks that cannot get through are listed in {@link #EXPECTED_FAILURES}
 * with their reason (the list only shrinks); the table of all tasks is printed. One Quarkus boot, one task at a time.
 */
@QuarkusTest
@WithTestResource(CatalogueKaggle.class)
class CatalogueEndToEndTest {

    /** Tasks that get through today; raise it when tasks are fixed. */
    static final int MIN_PASSING = 0;

    /** Task → a fragment of the reason it fails today. Only ever remove entries. */
    static final Map<String, String> EXPECTED_FAILURES = Map.ofEntries();

    @Inject
    TaskConfig config;

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "admin");
    }

    @Test
    void every_catalogue_task_is_imported_prepared_reviewed_activated_and_graded() {
        admin().contentType(ContentType.JSON).body(Map.of("username", CatalogueKaggle.USERNAME, "key", CatalogueKaggle.KEY))
                .put("/api/v1/admin/kaggle").then().statusCode(200);
        Outcomes outcomes = new Outcomes();
        long started = System.nanoTime();
        for (Map.Entry<String, TaskParser.Result> e : Catalogue.tasks().entrySet()) {
            if (e.getValue() instanceof TaskParser.Invalid invalid) {
                outcomes.fail(e.getKey(), "?", "task.yaml is invalid: " + invalid.problem());
                continue;
            }
            TaskDefinition task = ((TaskParser.Valid) e.getValue()).definition();
            try {
                endToEnd(task, outcomes);
            } catch (RuntimeException | AssertionError ex) {
                outcomes.fail(task.id(), task.metricId(), "test error: " + ex);
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        System.out.println("catalogue end to end: " + outcomes.all().size() + " tasks in " + seconds + " s");
        outcomes.assertExpected("end to end (import, prepare, review, activate, grade)", EXPECTED_FAILURES,
                CatalogueGradingTest.CATALOGUE_TASKS, MIN_PASSING);
    }

    private void endToEnd(TaskDefinition task, Outcomes outcomes) {
        String id = task.id();
        String metric = task.metricId();
        Response started = admin().post("/api/v1/admin/tasks/" + id + "/import/kaggle");
        if (started.statusCode() != 202) {
            outcomes.fail(id, metric, "import refused: HTTP " + started.statusCode() + " " + started.asString());
            return;
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> !"running".equals(
                admin().get("/api/v1/admin/tasks/" + id + "/preparation").then().extract().jsonPath().getString("state")));
        JsonPath job = admin().get("/api/v1/admin/tasks/" + id + "/preparation").then().statusCode(200).extract().jsonPath();
        String state = job.getString("state");
        if ("failed".equals(state)) {
            outcomes.fail(id, metric, "import failed: " + job.getString("message"));
            return;
        }
        if (!"reviewed".equals(state)) {
            List<String> failed = new ArrayList<>();
            List<Map<String, Object>> checks = job.getList("checks");
            for (Map<String, Object> c : checks) {
                if (!Boolean.TRUE.equals(c.get("passed"))) {
                    failed.add(c.get("name") + ": " + c.get("detail"));
                }
            }
            outcomes.fail(id, metric, "review failed: " + String.join("; ", failed));
            return;
        }
        Response activated = admin().post("/api/v1/admin/tasks/" + id + "/activate");
        if (activated.statusCode() != 200 || !"ready".equals(activated.jsonPath().getString("status"))) {
            outcomes.fail(id, metric, "activation refused: HTTP " + activated.statusCode() + " " + activated.asString());
            return;
        }
        byte[] sample = admin().get("/api/v1/tasks/" + id + "/data/sample_submission.csv").then().statusCode(200)
                .extract().asByteArray();
        Response sampleGrade = grade(id, sample);
        if (sampleGrade.statusCode() != 200) {
            outcomes.fail(id, metric, "sample refused: HTTP " + sampleGrade.statusCode() + " " + sampleGrade.asString());
            return;
        }
        double sampleScore = Double.parseDouble(sampleGrade.jsonPath().getString("scores.full"));
        if (!Double.isFinite(sampleScore)) {
            outcomes.fail(id, metric, "sample scores " + sampleScore);
            return;
        }
        Response perfectGrade = grade(id, perfect(task));
        if (perfectGrade.statusCode() != 200) {
            outcomes.fail(id, metric, "perfect submission refused: HTTP " + perfectGrade.statusCode() + " "
                    + perfectGrade.asString());
            return;
        }
        double s = Double.parseDouble(perfectGrade.jsonPath().getString("scores.full"));
        OptionalDouble optimum = Catalogue.optimum(metric, task.metricParams());
        if (optimum.isEmpty()) {
            outcomes.fail(id, metric, "no known optimum; the answers score " + Catalogue.fmt(s));
            return;
        }
        double best = optimum.getAsDouble();
        if (!(Math.abs(s - best) <= Catalogue.tolerance(metric) * Math.max(1, Math.abs(best)))) {
            outcomes.fail(id, metric, "perfect submission scores " + Catalogue.fmt(s) + ", optimum " + Catalogue.fmt(best));
            return;
        }
        outcomes.pass(id, metric, "sample " + Catalogue.fmt(sampleScore) + ", perfect " + Catalogue.fmt(s));
    }

    private static Response grade(String id, byte[] csv) {
        return admin().multiPart("file", "submission.csv", csv, "text/csv").post("/api/v1/tasks/" + id + "/grade");
    }

    /** The prepared private answers, in submission layout (id + targets under their submission names). */
    private byte[] perfect(TaskDefinition task) {
        Path answers = answersFile(task.id());
        Table t = CsvTables.read(answers);
        List<String> header = Catalogue.submissionHeader(task);
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            List<String> row = new ArrayList<>();
            row.add(t.cell(task.idColumn(), r));
            for (String target : task.targetColumns()) {
                row.add(t.cell(target, r));
            }
            rows.add(row);
        }
        return Catalogue.csv(header, rows).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code private/answers.csv} of the task's newest prepared version under the data directory. */
    private Path answersFile(String id) {
        Path dir = Path.of(config.dataDir()).toAbsolutePath().resolve("tasks").resolve(id);
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.endsWith(Path.of("private", "answers.csv"))).max((a, b) -> {
                try {
                    return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).orElseThrow(() -> new IllegalStateException("no private/answers.csv under " + dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
