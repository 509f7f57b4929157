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
    static final int MIN_PASSING = 80;

    /** Task → a fragment of the reason it fails today. Only ever remove entries. */
    static final Map<String, String> EXPECTED_FAILURES = Map.ofEntries(
            // pattern custom: prepare/prepare.py (and a hand-made raw layout) not written yet
            Map.entry("AI4Code", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("airbus-ship-detection", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("alaska2-image-steganalysis", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("allstate-purchase-prediction-challenge", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("bengaliai-cv19", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("billion-word-imputation", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("cdiscount-image-classification-challenge", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("denoising-dirty-documents", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("dogs-vs-cats-redux-kernels-edition", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("draper-satellite-image-chronology", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("facial-keypoints-detection", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("global-wheat-detection", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("h-and-m-personalized-fashion-recommendations", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("herbarium-2020-fgvc7", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("herbarium-2021-fgvc8", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("herbarium-2022-fgvc9", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("hms-harmful-brain-activity-classification", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("imaterialist-challenge-furniture-2018", "pattern custom needs the script prepare/prepare.py"),
            Map.entry("inaturalist-2019-fgvc6", "pattern custom needs the script prepare/prepare.py"),
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
            // pattern image_folder_split is not generic yet
            Map.entry("aerial-cactus-identification", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("aptos2019-blindness-detection", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("battlefin-s-big-data-combine-forecasting-challenge", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("bms-molecular-translation", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("cassava-leaf-disease-classification", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("histopathologic-cancer-detection", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("hotel-id-2021-fgvc8", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("hubmap-kidney-segmentation", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("imet-2020-fgvc7", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("invasive-species-monitoring", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("kuzushiji-recognition", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("nomad2018-predict-transparent-conductors", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("paddy-disease-classification", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("petfinder-pawpularity-score", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("plant-pathology-2020-fgvc7", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("plant-pathology-2021-fgvc8", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("plant-seedlings-classification", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("predict-volcanic-eruptions-ingv-oe", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("ranzcr-clip-catheter-line-classification", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("rsna-miccai-brain-tumor-radiogenomic-classification", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("seti-breakthrough-listen", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("stumbleupon", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("tgs-salt-identification-challenge", "prepare.pattern 'image_folder_split' is not supported"),
            Map.entry("the-nature-conservancy-fisheries-monitoring", "prepare.pattern 'image_folder_split' is not supported"),
            // split tasks without a numeric test_fraction
            Map.entry("20-newsgroups-ciphertext-challenge", "is a description, not a number; add test_fraction"),
            Map.entry("acquire-valued-shoppers-challenge", "is a description, not a number; add test_fraction"),
            Map.entry("afsis-soil-properties", "is a description, not a number; add test_fraction"),
            Map.entry("airbnb-recruiting-new-user-bookings", "is a description, not a number; add test_fraction"),
            Map.entry("allstate-claims-severity", "is a description, not a number; add test_fraction"),
            Map.entry("amazon-employee-access-challenge", "is a description, not a number; add test_fraction"),
            Map.entry("ashrae-energy-prediction", "is a description, not a number; add test_fraction"),
            Map.entry("avazu-ctr-prediction", "is a description, not a number; add test_fraction"),
            Map.entry("benchmark-bond-trade-price-challenge", "is a description, not a number; add test_fraction"),
            Map.entry("bigquery-geotab-intersection-congestion", "is a description, not a number; add test_fraction"),
            Map.entry("bioresponse", "is a description, not a number; add test_fraction"),
            Map.entry("bnp-paribas-cardif-claims-management", "is a description, not a number; add test_fraction"),
            Map.entry("champs-scalar-coupling", "is a description, not a number; add test_fraction"),
            Map.entry("crowdflower-weather-twitter", "is a description, not a number; add test_fraction"),
            Map.entry("dont-call-me-turkey", "is a description, not a number; add test_fraction"),
            Map.entry("DontGetKicked", "is a description, not a number; add test_fraction"),
            Map.entry("facebook-recruiting-iv-human-or-bot", "is a description, not a number; add test_fraction"),
            Map.entry("flavours-of-physics-kernels-only", "is a description, not a number; add test_fraction"),
            Map.entry("forest-cover-type-kernels-only", "is a description, not a number; add test_fraction"),
            Map.entry("GiveMeSomeCredit", "is a description, not a number; add test_fraction"),
            Map.entry("grupo-bimbo-inventory-demand", "is a description, not a number; add test_fraction"),
            Map.entry("home-data-for-ml-course", "is a description, not a number; add test_fraction"),
            Map.entry("home-depot-product-search-relevance", "is a description, not a number; add test_fraction"),
            Map.entry("homesite-quote-conversion", "is a description, not a number; add test_fraction"),
            Map.entry("icecube-neutrinos-in-deep-ice", "is a description, not a number; add test_fraction"),
            Map.entry("iwildcam-2019-fgvc6", "is a description, not a number; add test_fraction"),
            Map.entry("kaggle-llm-science-exam", "is a description, not a number; add test_fraction"),
            Map.entry("kobe-bryant-shot-selection", "is a description, not a number; add test_fraction"),
            Map.entry("liberty-mutual-group-property-inspection-prediction", "is a description, not a number; add test_fraction"),
            Map.entry("loan-default-prediction", "is a description, not a number; add test_fraction"),
            Map.entry("new-york-city-taxi-fare-prediction", "is a description, not a number; add test_fraction"),
            Map.entry("nfl-player-contact-detection", "is a description, not a number; add test_fraction"),
            Map.entry("novozymes-enzyme-stability-prediction", "is a description, not a number; add test_fraction"),
            Map.entry("nyc-taxi-trip-duration", "is a description, not a number; add test_fraction"),
            Map.entry("poker-rule-induction", "is a description, not a number; add test_fraction"),
            Map.entry("predicting-red-hat-business-value", "is a description, not a number; add test_fraction"),
            Map.entry("prudential-life-insurance-assessment", "is a description, not a number; add test_fraction"),
            Map.entry("pubg-finish-placement-prediction", "is a description, not a number; add test_fraction"),
            Map.entry("quora-insincere-questions-classification", "is a description, not a number; add test_fraction"),
            Map.entry("quora-question-pairs", "is a description, not a number; add test_fraction"),
            Map.entry("random-acts-of-pizza", "is a description, not a number; add test_fraction"),
            Map.entry("rossmann-store-sales", "is a description, not a number; add test_fraction"),
            Map.entry("sberbank-russian-housing-market", "is a description, not a number; add test_fraction"),
            Map.entry("unimelb", "is a description, not a number; add test_fraction"),
            Map.entry("walmart-recruiting-store-sales-forecasting", "is a description, not a number; add test_fraction"),
            Map.entry("wsdm-cup-multilingual-chatbot-arena", "is a description, not a number; add test_fraction"),
            // issue 12, item 5: target_columns describes the columns instead of naming them
            Map.entry("dog-breed-identification", "target_columns holds a description"),
            Map.entry("freesound-audio-tagging-2019", "target_columns holds a description"),
            Map.entry("google-quest-challenge", "target_columns holds a description"),
            Map.entry("leaf-classification", "target_columns holds a description"),
            Map.entry("sf-crime", "target_columns holds a description"),
            // the definition does not name the raw file the preparer must read (prepare.train_file/test_file; raw layout in raw_files)
            Map.entry("detecting-insults-in-social-commentary", "import failed: the raw data has no file 'test.csv'"),
            Map.entry("facebook-recruiting-iii-keyword-extraction", "import failed: the raw data has no file 'train.csv'"),
            Map.entry("jigsaw-unintended-bias-in-toxicity-classification", "import failed: the raw data has no file 'test.csv'"),
            Map.entry("llm-detect-ai-generated-text", "import failed: the raw data has no file 'train.csv'"),
            Map.entry("movie-review-sentiment-analysis-kernels-only", "import failed: the raw data has no file 'train.csv'"),
            Map.entry("statoil-iceberg-classifier-challenge", "import failed: the raw data has no file 'train.csv'"),
            Map.entry("word2vec-nlp-tutorial", "import failed: the raw data has no file 'train.csv'"),
            // review and grading
            Map.entry("linking-writing-processes-to-writing-quality", "import failed: prepare.group_column is required for pattern group_split"),
            Map.entry("us-patent-phrase-to-phrase-matching", "review failed: sample-submission-valid: graded valid; score NaN on all rows (not a finite number)"));

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
