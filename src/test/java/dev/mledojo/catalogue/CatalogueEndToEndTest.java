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

import dev.mledojo.grading.PreparationReview;
import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.Table;
import dev.mledojo.task.TaskConfig;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskParser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
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
    static final int MIN_PASSING = 199;

    /** Task → a fragment of the reason it fails today. Only ever remove entries (src/docs/catalogue.md lists them). */
    static final Map<String, String> EXPECTED_FAILURES = Map.ofEntries(
            // the test labels are not in the Kaggle download: MLE-Dojo fetches FSDKaggle2019.meta from zenodo at prepare
            // time (network), and its labels are multi-label strings to one-hot per class: no recipe can do it offline
            Map.entry("freesound-audio-tagging-2019", "all_after_id takes the targets from the answers file's header"),
            // the raw table is Parquet, and the platform has no Parquet reader (none available offline, no small one)
            Map.entry("icecube-neutrinos-in-deep-ice", "'train_meta.parquet' is a Parquet table"),
            Map.entry("wsdm-cup-multilingual-chatbot-arena", "'train.parquet' is a Parquet table"));

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
        long fromKaggle = kaggleImports();
        System.out.println("catalogue end to end: " + outcomes.all().size() + " tasks in " + seconds + " s; "
                + fromKaggle + " versions prepared from a Kaggle download (audit log)");
        org.assertj.core.api.Assertions.assertThat(fromKaggle).as("every passing task came through the Kaggle download")
                .isGreaterThanOrEqualTo(outcomes.passed());
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
        double sampleScore = fullScore(sampleGrade);
        if (!Double.isFinite(sampleScore) && !(Double.isNaN(sampleScore) && PreparationReview.undefinedForConstant(metric))) {
            outcomes.fail(id, metric, "sample scores " + sampleScore);
            return;
        }
        Response perfectGrade = grade(id, perfect(task));
        if (perfectGrade.statusCode() != 200) {
            outcomes.fail(id, metric, "perfect submission refused: HTTP " + perfectGrade.statusCode() + " "
                    + perfectGrade.asString());
            return;
        }
        double s = fullScore(perfectGrade);
        OptionalDouble optimum = Catalogue.optimum(task, answersFile(id));
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

    /**
     * The full score of a grade response as a double: RestAssured's JsonPath reads a number that fits a float as a
     * float by default, which cost champs' log(1e-9) its last digits.
     */
    private static double fullScore(Response grade) {
        Object full = grade.jsonPath(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE)).get("scores.full");
        return full instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(full));
    }

    /** How many data imports the audit log records with source {@code kaggle:<competition>}. */
    private static long kaggleImports() {
        return admin().queryParam("action", "task.data.import").queryParam("limit", 10000).get("/api/v1/admin/audit")
                .then().statusCode(200).extract().jsonPath().getList("after.source", String.class).stream()
                .filter(s -> s != null && s.startsWith("kaggle:")).count();
    }

    private static final dev.mledojo.metric.MetricRegistry METRICS = Catalogue.registry();

    private static Response grade(String id, byte[] csv) {
        return admin().multiPart("file", "submission.csv", csv, "text/csv").post("/api/v1/tasks/" + id + "/grade");
    }

    /** The prepared private answers in the submission layout, built as the review builds them. */
    private byte[] perfect(TaskDefinition task) {
        return PreparationReview.perfectSubmission(task, METRICS.find(task.metricId()).orElseThrow(),
                answersFile(task.id()), new ArrayList<>());
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
