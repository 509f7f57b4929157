package dev.mledojo.catalogue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.mledojo.grading.PreparationReview;
import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.MetricRegistry;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskParser;

/**
 * The catalogue as the tests see it: every folder of the repository's {@code tasks/} whose data comes from Kaggle,
 * parsed; the registry of every metric class of the main code; the best value a metric gives the answers themselves;
 * and the sample-submission placeholder rule of the preparer.
 */
final class Catalogue {

    /** The repository's task folders (tests run with the project folder as working directory). */
    static final Path TASKS = Path.of("tasks");

    private Catalogue() {
    }

    /** The parse result of every catalogue task folder (data.source kaggle), by folder name, sorted. */
    static Map<String, TaskParser.Result> tasks() {
        Map<String, TaskParser.Result> out = new LinkedHashMap<>();
        try (Stream<Path> folders = Files.list(TASKS)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                String yaml = Files.readString(folder.resolve("task.yaml"));
                if (yaml.contains("source: kaggle")) {
                    out.put(folder.getFileName().toString(), TaskParser.parse(folder));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Every concrete {@link Metric} of the main code, instantiated with its no-argument constructor. */
    static MetricRegistry registry() {
        List<Metric> metrics = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mledojo.metric")) {
            if (c.isAssignableTo(Metric.class) && !c.isInterface() && !c.getModifiers().contains(
                    com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT) && c.getEnclosingClass().isEmpty()) {
                try {
                    metrics.add((Metric) c.reflect().getDeclaredConstructor().newInstance());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot instantiate metric " + c.getName(), e);
                }
            }
        }
        return new MetricRegistry(metrics);
    }

    /** Metrics whose optimum {@link PreparationReview#idealScore} does not know, with the value the answers earn. */
    private static final Map<String, Double> MORE_IDEALS = Map.ofEntries(
            Map.entry("group_log_mae", Math.log(1e-9)), Map.entry("dice_hausdorff_combo", 1.0),
            Map.entry("wheat_threshold_precision", 1.0), Map.entry("detection_map_voc", 1.0),
            Map.entry("jigsaw_bias_auc", 1.0),
            // every synthetic Confidence is below 70, so each row scores -ln(sqrt(2) * 70) (METRICS.md)
            Map.entry("laplace_log_likelihood", -Math.log(Math.sqrt(2) * 70)));

    /**
     * The score the answers themselves earn (METRICS.md): {@link PreparationReview#idealScore} plus the metrics above;
     * laplace_log_likelihood's optimum depends on the true Confidence and holds for the synthetic answers only.
     */
    static OptionalDouble optimum(String metricId, MetricParams params) {
        OptionalDouble known = PreparationReview.idealScore(metricId, params);
        if (known.isPresent()) {
            return known;
        }
        Double more = MORE_IDEALS.get(metricId);
        return more == null ? OptionalDouble.empty() : OptionalDouble.of(more);
    }

    /** How close a perfect score must come to the optimum: arccos near 1 and float32 IoUs lose digits. */
    static double tolerance(String metricId) {
        if (metricId.equals("detection_map_voc")) {
            return 1e-5; // the reference's precision is TP / (TP + FP + 1e-6)
        }
        return Set.of("mean_angular_error", "physics_weighted_auc").contains(metricId) ? 1e-6 : 1e-9;
    }

    /**
     * The optimum for a prepared task's own answers: as {@link #optimum(String, MetricParams)}, except where it depends
     * on the answers: dice_hausdorff_combo gives empty/empty rows Dice 0 (0.4 x share of non-empty masks + 0.6), and
     * osic's recipe writes Confidence 100 into its answers (each row then scores -ln(sqrt(2) x 100)).
     */
    static OptionalDouble optimum(TaskDefinition task, java.nio.file.Path answersFile) {
        if (task.metricId().equals("dice_hausdorff_combo")) {
            String[] masks = CsvTables.read(answersFile).column(targets(task).get(0));
            long nonEmpty = java.util.Arrays.stream(masks).filter(m -> m != null && !m.isBlank()).count();
            return OptionalDouble.of(0.4 * nonEmpty / masks.length + 0.6);
        }
        if (task.id().equals("osic-pulmonary-fibrosis-progression")) {
            return OptionalDouble.of(-Math.log(Math.sqrt(2) * 100));
        }
        return optimum(task.metricId(), task.metricParams());
    }

    /**
     * The preparer's placeholder for one target column (preparation.md): booleans and text → the first label in sorted
     * order, integers → the smallest, reals → the mean to 6 significant digits, nothing → 0.
     */
    static String placeholder(List<String> values) {
        List<String> present = values.stream().filter(v -> v != null && !v.isEmpty()).toList();
        if (present.isEmpty()) {
            return "0";
        }
        String minText = present.stream().sorted().findFirst().orElseThrow();
        if (present.stream().allMatch(v -> Set.of("True", "False", "true", "false", "TRUE", "FALSE").contains(v))) {
            return minText;
        }
        try {
            return Long.toString(present.stream().mapToLong(v -> Long.parseLong(v.trim())).min().orElseThrow());
        } catch (NumberFormatException notInts) {
            try {
                double mean = present.stream().mapToDouble(v -> Double.parseDouble(v.trim())).average().orElseThrow();
                if (!Double.isFinite(mean)) {
                    return minText;
                }
                String s = new BigDecimal(mean).round(new MathContext(6)).stripTrailingZeros().toPlainString();
                return s.contains(".") ? s : s + ".0";
            } catch (NumberFormatException notNumbers) {
                return minText;
            }
        }
    }

    /** The submission header: the id, then each target under its submission name (metric param prediction_column). */
    static List<String> submissionHeader(TaskDefinition task) {
        if (!task.submission().columns().isEmpty()) {
            return task.submission().columns();
        }
        MetricContext context = new MetricContext(task.idColumn(), Catalogue.targets(task), task.metricParams());
        List<String> header = new ArrayList<>(task.idColumns());
        Catalogue.targets(task).forEach(t -> header.add(context.predictionColumn(t)));
        return header;
    }

    /** A CSV text (RFC 4180, {@code \n}) of a header and rows. */
    static String csv(List<String> header, List<? extends List<String>> rows) {
        StringWriter w = new StringWriter();
        try {
            CsvTables.write(w, header, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** A short one-line form of a failure message for the tables. */
    static String oneLine(String message) {
        String s = message == null ? "" : message.replaceAll("\\s+", " ").strip();
        return s.length() > 220 ? s.substring(0, 220) + "…" : s;
    }

    /**
     * Class names the synthetic data uses for {@code target_columns: all_after_id} (the answers' columns after the id):
     * twelve, so that a uniform sample's log loss (ln 12) earns no medal on the real boards (sf-crime's bronze: 2.29).
     */
    static final List<String> AFTER_ID_TARGETS = java.util.stream.IntStream.rangeClosed(1, 12)
            .mapToObj(i -> String.format(Locale.ROOT, "class_%02d", i)).toList();

    /** The task's target columns, or for {@code all_after_id} the synthetic class columns. */
    static List<String> targets(TaskDefinition task) {
        return task.targetsAfterId() ? AFTER_ID_TARGETS : task.targetColumns();
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
