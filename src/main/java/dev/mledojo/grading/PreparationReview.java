package dev.mledojo.grading;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Stream;

import dev.mledojo.files.FileOps;
import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;
import dev.mledojo.task.Answers;
import dev.mledojo.task.FeedbackSplit;
import dev.mledojo.task.ReviewCheck;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.prepare.CsvStream;
import dev.mledojo.task.prepare.PreparationException;
import dev.mledojo.task.prepare.Preparer;

/**
 * The checks a prepared version must pass before it can be activated: the files are there, the sample submission
 * grades valid and wins nothing, the answers graded as a submission score perfectly, the feedback/final split is a
 * partition of the answer ids, and the public files reveal no answers. Pure: the caller passes the grader and the
 * metric. See {@code src/docs/preparation.md} for the rules.
 */
public final class PreparationReview {

    public static final String FILES = "required-files";
    public static final String METRIC = "metric-matches-task";
    public static final String ANSWERS_FORMED = "answers-well-formed";
    public static final String SPLIT = "split-disjoint-and-complete";
    public static final String SAMPLE_VALID = "sample-submission-valid";
    public static final String SAMPLE_NO_MEDAL = "sample-submission-wins-no-medal";
    public static final String SAMPLE_CONSTANT = "sample-submission-reveals-nothing";
    public static final String ANSWERS_PERFECT = "answers-score-perfectly";
    public static final String TEST_NO_TARGET = "public-test-has-no-target";
    public static final String TEST_IDS = "public-test-ids-match-answers";
    public static final String NO_LEAK = "no-private-data-in-public";

    /** Relative tolerance of the perfect-score comparisons (float noise, eps clipping of log losses). */
    static final double TOLERANCE = 1e-9;

    private static final Set<String> IDEAL_ONE = Set.of("accuracy", "roc_auc", "mean_columnwise_roc_auc", "f1_binary",
            "macro_f1", "micro_f1_multilabel", "mean_row_f1", "mcc", "qwk", "r2", "pearson", "spearman",
            "mean_columnwise_spearman", "mean_row_spearman", "map_at_k", "ndcg_at_k", "word_jaccard",
            "weighted_macro_recall", "macro_average_precision", "span_micro_f1", "normalized_gini", "gini_from_auc", "kendall_tau_swaps", "alaska_weighted_auc",
            "physics_weighted_auc", "mean_dice_rle", "mean_fbeta_rle", "mean_iou_threshold_precision", "airbus_f2_iou",
            "kuzushiji_point_f1");
    private static final Set<String> IDEAL_ZERO = Set.of("rmse", "mse", "mae", "medae", "rmsle", "rmspe", "smape",
            "mcrmse", "mean_columnwise_rmsle", "mean_levenshtein", "top1_error", "weighted_mae", "log_loss_binary",
            "log_loss_multiclass", "balanced_log_loss", "kl_divergence", "gnss_p50_p95_error", "normalized_token_levenshtein",
            "mean_angular_error");
    /**
     * Metrics whose reference differs from the competition's own metric so that even the answers may score below the
     * human board: the answers are then not compared with it (the reason is shown).
     */
    private static final Map<String, String> BOARD_INCOMPARABLE = Map.of("dice_hausdorff_combo",
            "the reference gives empty/empty slices Dice 0, Kaggle's metric did not, so the answers score below 1 and "
                    + "possibly below the board");
    /** Metrics under which a constant prediction is undefined (NaN, as in the reference): correlations. */
    private static final Set<String> UNDEFINED_FOR_CONSTANT = Set.of("pearson", "spearman", "mean_columnwise_spearman",
            "mean_row_spearman");
    /** {@code prepare.sample_varies}: why a task's sample cannot be constant (shown in the check's detail). */
    static final String SAMPLE_VARIES = "sample_varies";
    private static final Set<String> PRIVATE_NAMES = Set.of("answers.csv", "test_answer.csv", "split.csv");

    private final Grader grader;

    public PreparationReview(Grader grader) {
        this.grader = grader;
    }

    /** Whether a constant prediction has no score under the metric (NaN, as in the reference): the correlations. */
    public static boolean undefinedForConstant(String metricId) {
        return UNDEFINED_FOR_CONSTANT.contains(metricId);
    }

    /** True when every check passed. */
    public static boolean allPassed(List<ReviewCheck> checks) {
        return !checks.isEmpty() && checks.stream().allMatch(ReviewCheck::passed);
    }

    /**
     * The score the answers themselves earn under a metric whose optimum is known: 1 for agreement and ranking
     * metrics (accuracy times its {@code scale}), 0 for error and loss metrics; empty for the others.
     */
    public static OptionalDouble idealScore(String metricId, MetricParams params) {
        if (metricId.equals("accuracy")) {
            return OptionalDouble.of(params.number("scale", 1.0));
        }
        if (IDEAL_ONE.contains(metricId)) {
            return OptionalDouble.of(1.0);
        }
        if (IDEAL_ZERO.contains(metricId)) {
            return OptionalDouble.of(0.0);
        }
        return OptionalDouble.empty();
    }

    /** Runs every check on a version directory ({@code public/}, {@code private/}). */
    public List<ReviewCheck> review(TaskDefinition task, Metric metric, Path versionDir) {
        List<ReviewCheck> checks = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String f : List.of(Preparer.SAMPLE, "public/description.md", Preparer.ANSWERS, Preparer.SPLIT)) {
            if (!Files.isRegularFile(versionDir.resolve(f), LinkOption.NOFOLLOW_LINKS)) {
                missing.add(f);
            }
        }
        checks.add(new ReviewCheck(FILES, missing.isEmpty(), missing.isEmpty()
                ? "sample_submission.csv, description.md, answers.csv and split.csv are present"
                : "missing: " + String.join(", ", missing)));
        if (!missing.isEmpty()) {
            return checks;
        }
        boolean metricOk = metric.id().equals(task.metricId()) && metric.higherIsBetter() == task.higherIsBetter();
        checks.add(new ReviewCheck(METRIC, metricOk, metricOk ? "metric " + metric.id() + ", "
                + (metric.higherIsBetter() ? "higher" : "lower") + " is better"
                : "the task names metric " + task.metricId() + " (higher_is_better " + task.higherIsBetter()
                        + ") but the review was given " + metric.id() + " (" + metric.higherIsBetter() + ")"));

        Table answers;
        try {
            answers = CsvTables.read(versionDir.resolve(Preparer.ANSWERS));
        } catch (RuntimeException e) {
            checks.add(new ReviewCheck(ANSWERS_FORMED, false, "answers.csv cannot be read: " + e.getMessage()));
            return checks;
        }
        String formed = answersProblem(task, answers);
        checks.add(new ReviewCheck(ANSWERS_FORMED, formed == null, formed == null
                ? answers.rowCount() + " answer rows, columns " + String.join(", ", answers.columns()) : formed));
        if (formed != null) {
            return checks;
        }
        String[] ids = answers.strings(task.idColumn());
        Map<String, FeedbackSplit.Part> parts = FeedbackSplit.assign(List.of(ids), task.feedbackFraction(),
                FeedbackSplit.seedOf(task));
        checks.add(splitCheck(task, versionDir.resolve(Preparer.SPLIT), ids, parts));
        Answers truth = new Answers(answers, parts);

        // the sample submission
        Path sample = versionDir.resolve(Preparer.SAMPLE);
        GradeReport sampleGrade = null;
        try {
            sampleGrade = grade(task, metric, truth, Files.readAllBytes(sample));
            double full = sampleGrade.scores().full();
            boolean undefined = Double.isNaN(full) && undefinedForConstant(metric.id());
            checks.add(new ReviewCheck(SAMPLE_VALID, Double.isFinite(full) || undefined,
                    "graded valid; score " + fmt(full) + " on all rows" + (Double.isFinite(full) ? ""
                            : undefined ? " (a constant prediction has no " + metric.id().replace('_', ' ')
                                    + " correlation; the reference gives NaN too)" : " (not a finite number)")));
        } catch (InvalidSubmissionException | ScoringException e) {
            checks.add(new ReviewCheck(SAMPLE_VALID, false, "the grader refuses it: " + e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (sampleGrade == null) {
            checks.add(new ReviewCheck(SAMPLE_NO_MEDAL, false, "not checked: the sample submission is not valid"));
        } else {
            MedalThresholds t = sampleGrade.thresholds();
            Medal medal = sampleGrade.medal();
            checks.add(new ReviewCheck(SAMPLE_NO_MEDAL, !medal.any(), t == null
                    ? "no private board: no medal possible"
                    : (medal.any() ? "the placeholder earns " + medal.name().toLowerCase(Locale.ROOT) : "no medal")
                            + " (final score " + fmt(sampleGrade.scores().finalScore()) + ", bronze needs "
                            + (task.higherIsBetter() ? ">= " : "<= ") + fmt(t.bronze()) + ")"));
        }
        checks.add(sampleConstant(task, answers.columns(), sample));

        checks.add(answersPerfect(task, metric, truth, versionDir.resolve(Preparer.ANSWERS)));
        Set<String> rawIds = rawColumn(versionDir.resolve(Preparer.ANSWERS), task.idColumn());
        checks.addAll(publicChecks(task, answers.columns(), rawIds, versionDir));
        return checks;
    }

    private static String answersProblem(TaskDefinition task, Table answers) {
        for (String id : task.idColumns()) {
            if (!answers.hasColumn(id)) {
                return "answers.csv has no id column '" + id + "'";
            }
        }
        if (task.targetColumns(answers.columns()).isEmpty()) {
            return "answers.csv has no column after the id column, so all_after_id names no target";
        }
        for (String t : task.targetColumns(answers.columns())) {
            if (!answers.hasColumn(t)) {
                return "answers.csv has no target column '" + t + "'";
            }
        }
        if (answers.rowCount() == 0) {
            return "answers.csv has no rows";
        }
        Set<String> seen = new HashSet<>();
        for (String id : Grader.keys(answers, task.idColumns())) {
            if (!seen.add(id)) {
                return "answers.csv repeats the id " + (task.idColumns().size() == 1 ? "'" + id + "'"
                        : Grader.shown(id, task.idColumns()));
            }
        }
        return null;
    }

    private static ReviewCheck splitCheck(TaskDefinition task, Path splitFile, String[] ids,
            Map<String, FeedbackSplit.Part> expected) {
        Table split;
        try {
            split = CsvTables.read(splitFile);
        } catch (RuntimeException e) {
            return new ReviewCheck(SPLIT, false, "split.csv cannot be read: " + e.getMessage());
        }
        if (!split.hasColumn("id") || !split.hasColumn("part")) {
            return new ReviewCheck(SPLIT, false, "split.csv must have the columns id,part");
        }
        String[] sid = split.column("id");
        String[] spart = split.column("part");
        Map<String, String> byId = new HashMap<>();
        for (int i = 0; i < sid.length; i++) {
            String part = spart[i] == null ? "" : spart[i];
            if (!part.equals("feedback") && !part.equals("final")) {
                return new ReviewCheck(SPLIT, false, "split.csv row " + (i + 1) + " has part '" + part
                        + "' (feedback or final expected)");
            }
            if (byId.put(sid[i], part) != null) {
                return new ReviewCheck(SPLIT, false, "split.csv lists the id '" + sid[i] + "' twice");
            }
        }
        Set<String> answerIds = new LinkedHashSet<>(List.of(ids));
        int uncovered = 0;
        for (String id : answerIds) {
            if (!byId.containsKey(id)) {
                uncovered++;
            }
        }
        int extra = 0;
        for (String id : byId.keySet()) {
            if (!answerIds.contains(id)) {
                extra++;
            }
        }
        if (uncovered > 0 || extra > 0) {
            return new ReviewCheck(SPLIT, false, uncovered + " answer ids have no part and " + extra
                    + " ids of split.csv are not answers");
        }
        long feedback = byId.values().stream().filter("feedback"::equals).count();
        long fin = byId.size() - feedback;
        double f = task.feedbackFraction();
        if (byId.size() >= 2 && f > 0 && f < 1 && (feedback == 0 || fin == 0)) {
            return new ReviewCheck(SPLIT, false, "one part is empty (" + feedback + " feedback, " + fin + " final)");
        }
        int differ = 0;
        for (Map.Entry<String, FeedbackSplit.Part> e : expected.entrySet()) {
            if (!e.getValue().wireName().equals(byId.get(e.getKey()))) {
                differ++;
            }
        }
        if (differ > 0) {
            return new ReviewCheck(SPLIT, false, differ + " ids are in another part than the seed "
                    + FeedbackSplit.seedOf(task) + " and feedback_fraction " + f + " give; delete split.csv to recompute it");
        }
        return new ReviewCheck(SPLIT, true, feedback + " feedback + " + fin + " final ids = all " + byId.size()
                + " answer ids, each in exactly one part");
    }

    private GradeReport grade(TaskDefinition task, Metric metric, Answers truth, byte[] csv) {
        return grader.grade(task, metric, truth, new ByteArrayInputStream(csv), csv.length, FeedbackMode.SPLIT);
    }

    private static ReviewCheck sampleConstant(TaskDefinition task, List<String> answerColumns, Path sample) {
        List<String> targets = task.targetColumns(answerColumns);
        MetricContext context = new MetricContext(task.idColumn(), targets, task.metricParams());
        List<String> varying = new ArrayList<>();
        try (CsvStream in = CsvStream.open(sample, "sample_submission.csv")) {
            List<String> cols = new ArrayList<>();
            for (String t : targets) {
                String c = context.predictionColumn(t);
                if (in.header().contains(c)) {
                    cols.add(c);
                }
            }
            int[] idx = cols.stream().mapToInt(c -> in.header().indexOf(c)).toArray();
            String[] first = null;
            boolean[] differs = new boolean[idx.length];
            for (String[] row : in) {
                if (first == null) {
                    first = new String[idx.length];
                    for (int i = 0; i < idx.length; i++) {
                        first[i] = row[idx[i]];
                    }
                }
                for (int i = 0; i < idx.length; i++) {
                    differs[i] |= !row[idx[i]].equals(first[i]);
                }
            }
            for (int i = 0; i < idx.length; i++) {
                if (differs[i]) {
                    varying.add(cols.get(i));
                }
            }
        } catch (PreparationException e) {
            return new ReviewCheck(SAMPLE_CONSTANT, false, e.getMessage());
        }
        Object declared = task.prepare().get(SAMPLE_VARIES);
        if (!varying.isEmpty() && declared != null && !declared.toString().isBlank()) {
            return new ReviewCheck(SAMPLE_CONSTANT, true, "columns " + String.join(", ", varying)
                    + " vary from row to row by the recipe's declaration (prepare.sample_varies): " + declared);
        }
        return new ReviewCheck(SAMPLE_CONSTANT, varying.isEmpty(), varying.isEmpty()
                ? "every prediction column holds one constant placeholder"
                : "columns " + String.join(", ", varying) + " vary from row to row; use a constant placeholder so the"
                        + " sample reveals nothing about the answers");
    }

    /**
     * The answers, submitted as they are (id and target columns under the submission's column names), must score
     * the metric's optimum where it is known, and at least as well as every entry of both comparison boards.
     */
    /**
     * The answers as a submission in the task's submission layout: each submission column from the answer column it
     * predicts (or of the same name); a column the answers lack is submitted as 0 and its name added to
     * {@code zeroFilled}.
     */
    public static byte[] perfectSubmission(TaskDefinition task, Metric metric, Path answersFile, List<String> zeroFilled) {
        try (CsvStream in = CsvStream.open(answersFile, "answers.csv")) {
            List<String> targets = task.targetColumns(in.header());
            MetricContext context = new MetricContext(task.idColumn(), targets, task.metricParams());
            List<String> header = Grader.required(task, context);
            int[] idx = new int[header.size()];
            boolean[] predicted = new boolean[header.size()];
            for (int i = 0; i < idx.length; i++) {
                String c = header.get(i);
                String source = targets.stream().filter(t -> context.predictionColumn(t).equals(c)).findFirst().orElse(c);
                predicted[i] = targets.contains(source);
                idx[i] = in.header().indexOf(source);
                if (idx[i] < 0) {
                    zeroFilled.add(c);
                }
            }
            List<List<String>> rows = new ArrayList<>();
            for (String[] row : in) {
                List<String> r = new ArrayList<>(idx.length);
                for (int i = 0; i < idx.length; i++) {
                    r.add(idx[i] < 0 ? "0" : predicted[i] ? metric.perfectPrediction(row[idx[i]]) : row[idx[i]]);
                }
                rows.add(r);
            }
            StringWriter w = new StringWriter();
            CsvTables.write(w, header, rows);
            return w.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ReviewCheck answersPerfect(TaskDefinition task, Metric metric, Answers truth, Path answersFile) {
        List<String> zeroFilled = new ArrayList<>();
        byte[] csv = perfectSubmission(task, metric, answersFile, zeroFilled);
        GradeReport report;
        try {
            report = grade(task, metric, truth, csv);
        } catch (InvalidSubmissionException | ScoringException e) {
            return new ReviewCheck(ANSWERS_PERFECT, false, "the answers, submitted as they are, are refused: " + e.getMessage());
        }
        double s = report.scores().full();
        if (!Double.isFinite(s)) {
            return new ReviewCheck(ANSWERS_PERFECT, false, "the answers score " + s + " against themselves");
        }
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        boolean hib = task.higherIsBetter();
        OptionalDouble ideal = idealScore(metric.id(), task.metricParams());
        if (ideal.isPresent()) {
            double i = ideal.getAsDouble();
            if (Math.abs(s - i) > TOLERANCE * Math.max(1, Math.abs(i))) {
                problems.add("score " + fmt(s) + " instead of the metric's optimum " + fmt(i));
            } else {
                evidence.add("equals the optimum " + fmt(i));
            }
        }
        List<Double> board = new ArrayList<>(task.publicBoard());
        board.addAll(task.privateBoard());
        String incomparable = BOARD_INCOMPARABLE.get(metric.id());
        if (incomparable != null && !board.isEmpty()) {
            evidence.add("not compared with the board (" + incomparable + ")");
        } else if (!board.isEmpty()) {
            double best = hib ? board.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                    : board.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double tol = TOLERANCE * Math.max(1, Math.abs(best));
            boolean ok = hib ? s >= best - tol : s <= best + tol;
            if (ok) {
                evidence.add("at least as good as the best board score " + fmt(best));
            } else {
                problems.add("score " + fmt(s) + " is worse than the best board score " + fmt(best)
                        + " (answers, metric or its params do not match the board)");
            }
        }
        if (!problems.isEmpty()) {
            return new ReviewCheck(ANSWERS_PERFECT, false, String.join("; ", problems));
        }
        String filled = zeroFilled.isEmpty() ? "" : " (columns " + String.join(", ", zeroFilled)
                + " are not in the answers and were submitted as 0)";
        if (evidence.isEmpty()) {
            return new ReviewCheck(ANSWERS_PERFECT, true, "score " + fmt(s)
                    + " (no known optimum for " + metric.id() + " and no board to compare with)" + filled);
        }
        return new ReviewCheck(ANSWERS_PERFECT, true, "score " + fmt(s) + ": " + String.join(", ", evidence) + filled);
    }

    private static List<ReviewCheck> publicChecks(TaskDefinition task, List<String> answerColumns, Set<String> answerIds,
            Path dir) {
        List<ReviewCheck> checks = new ArrayList<>();
        List<String> targets = task.targetColumns(answerColumns);
        MetricContext context = new MetricContext(task.idColumn(), targets, task.metricParams());
        Set<String> hidden = new LinkedHashSet<>(answerColumns);
        hidden.removeAll(task.idColumns());
        for (String t : targets) {
            hidden.add(context.predictionColumn(t));
        }
        Path test = dir.resolve("public/test.csv");
        if (!Files.isRegularFile(test)) {
            checks.add(new ReviewCheck(TEST_NO_TARGET, true, "no public/test.csv (test ids are only in the sample submission)"));
            checks.add(new ReviewCheck(TEST_IDS, true, "no public/test.csv"));
        } else {
            try (CsvStream in = CsvStream.open(test, "public/test.csv")) {
                List<String> found = in.header().stream().filter(hidden::contains).toList();
                checks.add(new ReviewCheck(TEST_NO_TARGET, found.isEmpty(), found.isEmpty()
                        ? "test.csv has none of the answer columns " + hidden
                        : "test.csv carries answer columns: " + String.join(", ", found)));
                int idIdx = in.header().indexOf(task.idColumn());
                if (idIdx < 0) {
                    checks.add(new ReviewCheck(TEST_IDS, true, "test.csv has no id column '" + task.idColumn()
                            + "'; ids come from the sample submission"));
                } else {
                    Set<String> testIds = new HashSet<>();
                    for (String[] row : in) {
                        testIds.add(row[idIdx]);
                    }
                    boolean same = testIds.equals(answerIds);
                    checks.add(new ReviewCheck(TEST_IDS, same, same ? testIds.size() + " ids, the same as the answers"
                            : "test.csv has " + testIds.size() + " distinct ids, the answers " + answerIds.size()
                                    + "; they differ"));
                }
            } catch (PreparationException e) {
                checks.add(new ReviewCheck(TEST_NO_TARGET, false, e.getMessage()));
                checks.add(new ReviewCheck(TEST_IDS, false, e.getMessage()));
            }
        }
        checks.add(leakCheck(task, hidden, answerIds, dir));
        return checks;
    }

    private static ReviewCheck leakCheck(TaskDefinition task, Set<String> hidden, Set<String> answerIds, Path dir) {
        List<String> problems = new ArrayList<>();
        Map<String, String> privateHashes = new HashMap<>();
        List<Path> publicFiles;
        try (Stream<Path> priv = Files.walk(dir.resolve("private")); Stream<Path> pub = Files.walk(dir.resolve("public"))) {
            for (Path p : priv.filter(x -> Files.isRegularFile(x, LinkOption.NOFOLLOW_LINKS)).toList()) {
                privateHashes.put(FileOps.sha256(p), FileOps.relative(dir, p));
            }
            publicFiles = pub.filter(x -> !Files.isDirectory(x, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path p : publicFiles) {
            String rel = FileOps.relative(dir, p);
            if (Files.isSymbolicLink(p)) {
                problems.add(rel + " is a symbolic link");
                continue;
            }
            if (PRIVATE_NAMES.contains(p.getFileName().toString())) {
                problems.add(rel + " has the name of a private file");
            }
            String twin = privateHashes.get(FileOps.sha256(p));
            if (twin != null) {
                problems.add(rel + " is a copy of " + twin);
            }
            if (rel.equals(Preparer.SAMPLE) || !rel.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                continue;
            }
            try (CsvStream in = CsvStream.open(p, rel)) {
                int idIdx = in.header().indexOf(task.idColumn());
                boolean labelled = in.header().stream().anyMatch(hidden::contains);
                if (idIdx < 0 || !labelled) {
                    continue;
                }
                long overlap = 0;
                String example = null;
                for (String[] row : in) {
                    if (answerIds.contains(row[idIdx])) {
                        overlap++;
                        example = example == null ? row[idIdx] : example;
                    }
                }
                if (overlap > 0) {
                    problems.add(rel + " labels " + overlap + " test ids (e.g. " + example + ")");
                }
            } catch (PreparationException e) {
                problems.add(rel + " cannot be read: " + e.getMessage());
            }
        }
        return new ReviewCheck(NO_LEAK, problems.isEmpty(), problems.isEmpty()
                ? publicFiles.size() + " public files checked: no private file, no labelled test id"
                : String.join("; ", problems));
    }

    private static Set<String> rawColumn(Path csv, String column) {
        Set<String> out = new HashSet<>();
        try (CsvStream in = CsvStream.open(csv, csv.getFileName().toString())) {
            int idx = in.column(column, "id");
            for (String[] row : in) {
                out.add(row[idx]);
            }
        }
        return out;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
