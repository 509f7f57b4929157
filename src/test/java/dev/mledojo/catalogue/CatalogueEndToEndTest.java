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
    static final int MIN_PASSING = 167;

    /** Task → a fragment of the reason it fails today. Only ever remove entries. */
    static final Map<String, String> EXPECTED_FAILURES = Map.ofEntries(
            // pattern custom: prepare/prepare.py and a hand-made raw layout not written yet (the second half of the 38)
            Map.entry("integer-sequence-learning", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("iwildcam-2020-fgvc7", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("ml2021spring-hw2", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("mlsp-2013-birds", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("multi-modal-gesture-recognition", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("osic-pulmonary-fibrosis-progression", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("shopee-product-matching", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("siim-covid19-detection", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("smartphone-decimeter-2022", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("stanford-covid-vaccine", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("text-normalization-challenge-english-language", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("text-normalization-challenge-russian-language", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("the-icml-2013-whale-challenge-right-whale-redux", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("the-winton-stock-market-challenge", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("uw-madison-gi-tract-image-segmentation", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("vesuvius-challenge-ink-detection", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("vinbigdata-chest-xray-abnormalities-detection", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("whale-categorization-playground", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("yelp-recsys-2013", "pattern custom needs the script prepare/prepare.py"),
            // issue 12, "Not implemented": the geometry and mask metrics (the data cannot be reviewed without them)
            Map.entry("airbus-ship-detection", "metric airbus_f2_iou is not implemented"),
            Map.entry("global-wheat-detection", "metric wheat_threshold_precision is not implemented"),
            Map.entry("hubmap-kidney-segmentation", "metric mean_dice_rle is not implemented"),
            Map.entry("kuzushiji-recognition", "metric kuzushiji_point_f1 is not implemented"),
            Map.entry("tgs-salt-identification-challenge", "metric mean_iou_threshold_precision is not implemented"),
            // issue 12, item 5: target_columns describes the columns instead of naming them
            Map.entry("dog-breed-identification", "target_columns holds a description"),
            Map.entry("freesound-audio-tagging-2019", "target_columns holds a description"),
            Map.entry("google-quest-challenge", "target_columns holds a description"),
            Map.entry("leaf-classification", "target_columns holds a description"),
            Map.entry("sf-crime", "target_columns holds a description"),
            // the raw table is Parquet, and the platform has no Parquet reader (none available offline, no small one)
            Map.entry("icecube-neutrinos-in-deep-ice", "'train_meta.parquet' is a Parquet table"),
            Map.entry("wsdm-cup-multilingual-chatbot-arena", "'train.parquet' is a Parquet table"),
            // PreparationReview policy on tiny synthetic data (decided with the review): per-row sample, NaN correlation of a
            // constant sample, a placeholder that earns a medal on the real board
            Map.entry("AI4Code", "sample-submission-reveals-nothing: columns cell_order vary from row to row"),
            Map.entry("iwildcam-2019-fgvc6", "sample-submission-wins-no-medal: the placeholder earns silver"),
            Map.entry("novozymes-enzyme-stability-prediction", "sample-submission-valid: graded valid; score NaN on all rows"),
            Map.entry("us-patent-phrase-to-phrase-matching", "sample-submission-valid: graded valid; score NaN on all rows"));

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
        List<String> described = Catalogue.describedTargets(task);
        if (!described.isEmpty()) {
            outcomes.fail(id, metric, "target_columns holds a description, not column names: " + described);
            return;
        }
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
        double s = fullScore(perfectGrade);
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
