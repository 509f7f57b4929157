package dev.mledojo.task.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.mledojo.grading.FeedbackMode;
import dev.mledojo.grading.GradeReport;
import dev.mledojo.grading.PreparationReview;
import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;
import dev.mledojo.sandbox.BwrapExecutor;
import dev.mledojo.sandbox.SandboxLimits;
import dev.mledojo.sandbox.SandboxSettings;
import dev.mledojo.task.Answers;
import dev.mledojo.task.FeedbackSplit;
import dev.mledojo.task.ReviewCheck;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskParser;

/**
 * Catalogue tasks with {@code pattern: custom} (second half): each task's real {@code prepare/prepare.py} runs in the
 * bubblewrap sandbox on a hand-made tiny copy of the competition's raw Kaggle download
 * ({@code src/test/resources/catalogue-raw/<task>/}, zipped and extracted like an import), the prepared version is
 * reviewed with {@link PreparationReview}, and the sample submission and the answers themselves are graded with the
 * task's metric. Tasks that cannot pass every check yet are listed in {@link #EXPECTED_GAPS} with the reason; the list
 * can only shrink (a gap that closes fails the test until it is removed). Skipped locally without bwrap/python3, FAILS
 * under {@code DOJO_CI=true}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CustomCatalogue2Test {

    static final List<String> TASKS = List.of("integer-sequence-learning", "iwildcam-2020-fgvc7", "ml2021spring-hw2",
            "mlsp-2013-birds", "multi-modal-gesture-recognition", "osic-pulmonary-fibrosis-progression",
            "shopee-product-matching", "siim-covid19-detection", "smartphone-decimeter-2022", "stanford-covid-vaccine",
            "text-normalization-challenge-english-language", "text-normalization-challenge-russian-language",
            "the-icml-2013-whale-challenge-right-whale-redux", "the-winton-stock-market-challenge",
            "uw-madison-gi-tract-image-segmentation", "vesuvius-challenge-ink-detection",
            "vinbigdata-chest-xray-abnormalities-detection", "whale-categorization-playground", "yelp-recsys-2013");

    /**
     * A task that cannot pass yet, and why: either its preparation fails with a message containing
     * {@code preparationError}, or it runs and exactly {@code failingChecks} of the review fail.
     */
    record Gap(Set<String> failingChecks, String preparationError, String reason) {
        Gap(Set<String> failingChecks, String reason) {
            this(failingChecks, null, reason);
        }

        static Gap preparationFails(String error, String reason) {
            return new Gap(Set.of(), error, reason);
        }
    }

    private static final Set<String> GRADING = Set.of(PreparationReview.SAMPLE_VALID,
            PreparationReview.SAMPLE_NO_MEDAL, PreparationReview.ANSWERS_PERFECT);

    /** Known gaps; each entry names exactly the review checks that fail today. This map can only shrink. */
    static final Map<String, Gap> EXPECTED_GAPS = Map.ofEntries(
);

    /**
     * The perfect score where the review knows no optimum for the metric: osic's answers carry Confidence 100, so the
     * exact FVC scores -ln(sqrt(2) * 100) per row; an edit distance of nothing is 0.
     */
    static final Map<String, Double> PERFECT = Map.of("osic-pulmonary-fibrosis-progression", -Math.log(Math.sqrt(2) * 100),
            "multi-modal-gesture-recognition", 0.0);

    static BwrapExecutor executor;
    static Map<String, Metric> metrics;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        String missing = !Files.isExecutable(SandboxSettings.DEFAULT_BWRAP) ? SandboxSettings.DEFAULT_BWRAP + " not found"
                : !Files.isExecutable(SandboxSettings.DEFAULT_PYTHON) ? SandboxSettings.DEFAULT_PYTHON + " not found" : null;
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("DOJO_CI"))) {
                fail("DOJO_CI=true but the catalogue recipes cannot be tested: " + missing
                        + " (apt-get install bubblewrap python3)");
            }
            Assumptions.abort("sandbox tools missing: " + missing);
        }
        executor = new BwrapExecutor(SandboxSettings.defaults());
        metrics = allMetrics();
        assertThat(metrics).as("metric beans found on the class path").containsKeys("accuracy", "rmse", "roc_auc");
    }

    @AfterAll
    static void stop() {
        if (executor != null) {
            executor.close();
        }
    }

    static List<String> tasks() {
        return TASKS;
    }

    @ParameterizedTest
    @MethodSource("tasks")
    void preparesReviewsAndGrades(String id) throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path taskFolder = Path.of("tasks", id).toAbsolutePath();
        TaskDefinition task = ((TaskParser.Valid) TaskParser.parse(taskFolder)).definition();
        Path raw = rawImport(id);
        Path out = tmp.resolve("version");

        Preparer preparer = new Preparer(executor, SandboxLimits.defaults().withWallTime(Duration.ofSeconds(60)));
        Gap gap = EXPECTED_GAPS.get(id);
        if (gap != null && gap.preparationError() != null) {
            assertThatThrownBy(() -> preparer.prepare(raw, task, taskFolder, out, null))
                    .as("the known gap of " + id + " (" + gap.reason() + ") changed; shrink EXPECTED_GAPS")
                    .hasMessageContaining(gap.preparationError());
            assertThat(out).doesNotExist();
            return;
        }
        PreparationReport report = preparer.prepare(raw, task, taskFolder, out, null);
        assertThat(report.rows(Preparer.ANSWERS)).as("answer rows").isPositive();
        assertThat(report.warnings()).noneMatch(w -> w.contains("outside public/ and private/"));
        assertThat(report.file("public/sample_submission.csv")).isNotNull();
        // deterministic: the same raw data and definition give the same files, byte for byte
        assertThat(preparer.prepare(raw, task, taskFolder, tmp.resolve("again"), null)).isEqualTo(report);

        Metric metric = metrics.getOrDefault(task.metricId(), new Unimplemented(task));
        List<ReviewCheck> checks = new PreparationReview(Fixtures.GRADER).review(task, metric, out);
        Set<String> failing = new TreeSet<>();
        StringBuilder details = new StringBuilder();
        for (ReviewCheck c : checks) {
            if (!c.passed()) {
                failing.add(c.name());
                details.append("\n  ").append(c.name()).append(": ").append(c.detail());
            }
        }
        if (gap == null) {
            assertThat(failing).as("failing review checks of " + id + details).isEmpty();
            gradeSampleAndAnswers(task, metric, out);
        } else {
            assertThat(failing).as("the known gap of " + id + " (" + gap.reason() + ") changed; shrink EXPECTED_GAPS"
                    + details).isEqualTo(new TreeSet<>(gap.failingChecks()));
            assertThat(checks).extracting(ReviewCheck::name).contains(PreparationReview.FILES);
            if (java.util.Collections.disjoint(gap.failingChecks(), Set.of(PreparationReview.FILES,
                    PreparationReview.ANSWERS_FORMED, PreparationReview.SAMPLE_VALID, PreparationReview.ANSWERS_PERFECT))) {
                gradeSampleAndAnswers(task, metric, out);
            }
        }
    }

    /** The sample scores a finite number; the answers themselves score the metric's best value. */
    private void gradeSampleAndAnswers(TaskDefinition task, Metric metric, Path out) throws IOException {
        Table truth = CsvTables.read(out.resolve(Preparer.ANSWERS));
        String[] ids = truth.strings(task.idColumn());
        Answers answers = new Answers(truth, FeedbackSplit.assign(List.of(ids), task.feedbackFraction(),
                FeedbackSplit.seedOf(task)));
        byte[] sample = Files.readAllBytes(out.resolve(Preparer.SAMPLE));
        GradeReport sampleGrade = Fixtures.GRADER.grade(task, metric, answers, new ByteArrayInputStream(sample),
                sample.length, FeedbackMode.FULL);
        assertThat(sampleGrade.scores().full()).as("sample score").isFinite();

        byte[] bytes = PreparationReview.perfectSubmission(task, metric, out.resolve(Preparer.ANSWERS), new ArrayList<>());
        GradeReport best = Fixtures.GRADER.grade(task, metric, answers, new ByteArrayInputStream(bytes), bytes.length,
                FeedbackMode.FULL);
        OptionalDouble ideal = PreparationReview.idealScore(task.metricId(), task.metricParams());
        Double expected = PERFECT.containsKey(task.id()) ? PERFECT.get(task.id()) : ideal.isPresent() ? ideal.getAsDouble() : null;
        double tolerance = 1e-9;
        if (task.metricId().equals("detection_map_voc")) {
            expected = 1.0; // minus O(1e-6): the reference's precision is TP / (TP + FP + 1e-6)
            tolerance = 1e-5;
        } else if (task.metricId().equals("dice_hausdorff_combo")) {
            // empty/empty rows get Dice 0 (HD 0): 0.4 * share of non-empty answer masks + 0.6
            String[] masks = truth.column(task.targetColumns().get(0));
            long nonEmpty = java.util.Arrays.stream(masks).filter(m -> m != null && !m.isBlank()).count();
            expected = 0.4 * nonEmpty / masks.length + 0.6;
        }
        assertThat(expected).as("a perfect score is documented for " + task.id()).isNotNull();
        assertThat(best.scores().full()).as("the answers' own score").isCloseTo(expected, org.assertj.core.data.Offset.offset(tolerance));
        assertThat(sampleGrade.scores().full()).as("the sample is not perfect").isNotEqualTo(best.scores().full());
    }

    /** Zips the hand-made raw layout and extracts it the way an import does (inner archives expanded). */
    private Path rawImport(String id) throws IOException {
        Path layout = Path.of("src/test/resources/catalogue-raw", id);
        assertThat(layout).as("raw layout of " + id).isDirectory();
        Map<String, byte[]> entries = new TreeMap<>();
        long total = 0;
        try (Stream<Path> walk = Files.walk(layout)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(p);
                total += b.length;
                entries.put(layout.relativize(p).toString().replace('\\', '/'), b);
            }
        }
        assertThat(total).as("the raw layout stays tiny").isLessThan(50_000);
        return Fixtures.rawFromZip(tmp, id, new LinkedHashMap<>(entries));
    }

    /**
     * Every metric bean of the main code in dev.mledojo.metric with a no-argument constructor, by id: a metric that
     * lands later is picked up without editing this test (and its task's gap then fails until it is removed).
     */
    static Map<String, Metric> allMetrics() {
        Map<String, Metric> byId = new TreeMap<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mledojo.metric")) {
            if (!c.isAssignableTo(Metric.class) || c.isInterface() || c.getModifiers().contains(
                    com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)) {
                continue;
            }
            try {
                Class<?> type = Class.forName(c.getName());
                if (Modifier.isAbstract(type.getModifiers())) {
                    continue;
                }
                Metric m = (Metric) type.getDeclaredConstructor().newInstance();
                byId.put(m.id(), m);
            } catch (ReflectiveOperationException | LinkageError e) {
                // no no-argument constructor: not a plain metric bean
            }
        }
        return byId;
    }

    /** Stands in for a metric that is not implemented yet: the review's other checks still run. */
    private record Unimplemented(TaskDefinition task) implements Metric {
        @Override
        public String id() {
            return task.metricId();
        }

        @Override
        public boolean higherIsBetter() {
            return task.higherIsBetter();
        }

        @Override
        public Alignment alignment() {
            return Alignment.CUSTOM;
        }

        @Override
        public double score(Table truth, Table submission, MetricContext context) {
            throw new ScoringException("metric " + task.metricId() + " is not implemented");
        }
    }
}
