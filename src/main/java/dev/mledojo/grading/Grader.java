package dev.mledojo.grading;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mledojo.metric.CsvLimits;
import dev.mledojo.metric.IdIndex;
import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;
import dev.mledojo.task.Answers;
import dev.mledojo.task.TaskDefinition;

/**
 * Validates a submission against a task's answers and scores it on the feedback part, the final part and all rows,
 * then places it on the comparison boards (HumanRank, medals). Pure: the caller supplies the answers and the metric.
 */
public final class Grader {

    private static final int EXAMPLES = 5;

    private final long maxBytes;
    private final CsvLimits limits;

    /** A grader with the default line length and column limits ({@link CsvLimits#rows}). */
    public Grader(long maxBytes, int maxRows) {
        this(maxBytes, CsvLimits.rows(maxRows));
    }

    public Grader(long maxBytes, CsvLimits limits) {
        this.maxBytes = maxBytes;
        this.limits = limits;
    }

    /**
     * Grades one submission file.
     *
     * @param sizeBytes the file size, checked before reading
     * @throws InvalidSubmissionException when the file breaks the task's format (the message says how)
     * @throws dev.mledojo.metric.ScoringException when the metric cannot evaluate the submission
     */
    public GradeReport grade(TaskDefinition task, Metric metric, Answers answers, InputStream submission, long sizeBytes,
            FeedbackMode mode) {
        long started = System.nanoTime();
        if (sizeBytes > maxBytes) {
            throw new InvalidSubmissionException(SubmissionErrorKind.FILE_TOO_LARGE,
                    "The submission is " + sizeBytes + " bytes; the limit is " + maxBytes + " bytes.");
        }
        Table sub = CsvTables.read(submission, limits);
        if (sub.rowCount() == 0) {
            throw new InvalidSubmissionException(SubmissionErrorKind.EMPTY_FILE,
                    "The submission has a header but no rows; expected " + answers.table().rowCount() + " rows.");
        }
        Table truth = answers.table();
        MetricContext context = new MetricContext(task.idColumn(), task.targetColumns(truth.columns()), task.metricParams());
        List<String> required = required(task, context);
        checkColumns(task, required, sub);
        Table aligned = metric.alignment() == Metric.Alignment.BY_ID ? align(task.idColumns(), answers, sub) : sub;
        sub = null; // the aligned table is all that is read from here: no other reference keeps the bytes
        if (metric.readsPredictionsOnlyAsNumbers()) {
            // each prediction column keeps its doubles and lets its bytes go once parsed (checks or metric)
            List<String> predictions = new ArrayList<>();
            for (String target : context.targetColumns()) {
                String column = context.predictionColumn(target);
                if (aligned.hasColumn(column) && !task.idColumns().contains(column)) {
                    predictions.add(column);
                }
            }
            aligned.keepOnlyNumbers(predictions);
        }
        SubmissionChecks.apply(task.submission().checks(), aligned, checkedColumns(task, context, required),
                task.idColumns());
        if (task.submission().extraColumnsAllowed() && aligned.columns().size() > required.size()) {
            aligned = aligned.selectColumns(aligned.columns().stream().filter(required::contains).toList());
        }

        double full = metric.score(truth, aligned, context);
        int[][] parts = answers.partRows(task.idColumn());
        // answers that cannot be divided (one id, e.g. vesuvius' single fragment) are scored whole on both parts:
        // the feedback then tells no more than the final score, and the final score is never NaN
        boolean undivided = parts[0].length == 0 || parts[1].length == 0;
        boolean split = mode == FeedbackMode.SPLIT && !undivided;
        double finalScore = split ? scorePart(metric, truth, aligned, context, parts[1]) : full;
        Double feedback = switch (mode) {
            case SPLIT -> split ? scorePart(metric, truth, aligned, context, parts[0]) : full;
            case FULL -> full;
            case NONE -> null;
        };
        boolean hib = task.higherIsBetter();
        MedalThresholds thresholds = MedalThresholds.of(task.privateBoard(), hib);
        return new GradeReport(task.id(), task.contentHash(), answers.dataHash(), task.metricId(), hib,
                new GradeReport.Scores(feedback, finalScore, full),
                new GradeReport.Rows(parts[0].length, parts[1].length, truth.rowCount()),
                feedback == null ? null : standing(task, feedback), standing(task, finalScore),
                thresholds == null ? Medal.NONE : thresholds.medal(finalScore),
                thresholds != null && thresholds.aboveMedian(finalScore), thresholds,
                new GradeReport.Boards(task.leaderboard().kind(), task.leaderboard().label(), task.publicBoard().size(),
                        task.privateBoard().size()),
                mode.wireName(), Instant.now(), (System.nanoTime() - started) / 1_000_000);
    }

    private static GradeReport.Standing standing(TaskDefinition task, double score) {
        boolean hib = task.higherIsBetter();
        Double pub = HumanRank.onBoard(task.publicBoard(), score, hib);
        Double priv = HumanRank.onBoard(task.privateBoard(), score, hib);
        return new GradeReport.Standing(score, pub, priv, HumanRank.mean(pub, priv),
                HumanRank.position(task.publicBoard(), score, hib), HumanRank.position(task.privateBoard(), score, hib));
    }

    private double scorePart(Metric metric, Table truth, Table aligned, MetricContext context, int[] truthRows) {
        if (truthRows.length == 0) {
            return Double.NaN;
        }
        Table truthPart = truth.selectRows(truthRows);
        if (metric.alignment() == Metric.Alignment.BY_ID) {
            return metric.score(truthPart, aligned.selectRows(truthRows), context);
        }
        Set<String> ids = new java.util.HashSet<>(java.util.Arrays.asList(truthPart.strings(context.idColumn()))); // ids may repeat (long formats such as airbnb)
        String idCol = aligned.hasColumn(context.idColumn()) ? context.idColumn() : aligned.columns().get(0);
        String[] subIds = aligned.strings(idCol);
        int[] keep = new int[subIds.length];
        int k = 0;
        for (int r = 0; r < subIds.length; r++) {
            if (ids.contains(subIds[r])) {
                keep[k++] = r;
            }
        }
        return metric.score(truthPart, aligned.selectRows(java.util.Arrays.copyOf(keep, k)), context);
    }

    /** Missing required columns first, then (unless the task tolerates them) extra ones, as the reference does. */
    private static void checkColumns(TaskDefinition task, List<String> required, Table sub) {
        List<String> missing = required.stream().filter(c -> !sub.hasColumn(c)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidSubmissionException(SubmissionErrorKind.MISSING_COLUMNS,
                    "Missing required columns in submission: " + listed(missing) + ". Expected header: "
                            + String.join(",", required) + ".");
        }
        if (task.submission().extraColumnsAllowed()) {
            return;
        }
        Set<String> allowed = new LinkedHashSet<>(required);
        List<String> extra = sub.columns().stream().filter(c -> !allowed.contains(c)).toList();
        if (!extra.isEmpty()) {
            throw new InvalidSubmissionException(SubmissionErrorKind.EXTRA_COLUMNS,
                    "Extra unexpected columns found in submission: " + listed(extra) + ". Expected header: "
                            + String.join(",", allowed) + ".");
        }
    }

    /** The first few names, then how many more: a message stays readable (and storable) for a million columns. */
    static String listed(List<String> names) {
        int shown = 20;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(shown, names.size()); i++) {
            String n = names.get(i);
            out.append(i == 0 ? "" : ", ").append(n.length() > 100 ? n.substring(0, 100) + "…" : n);
        }
        if (names.size() > shown) {
            out.append(String.format(java.util.Locale.ROOT, " and %,d more", names.size() - shown));
        }
        return out.toString();
    }

    /**
     * The columns a submission must have: the task's {@code submission_columns} when it names them, else the id
     * column(s) and the prediction column of every target.
     */
    static List<String> required(TaskDefinition task, MetricContext context) {
        if (!task.submission().columns().isEmpty()) {
            return task.submission().columns();
        }
        List<String> cols = new ArrayList<>(task.idColumns());
        for (String target : context.targetColumns()) {
            cols.add(context.predictionColumn(target));
        }
        return cols;
    }

    /**
     * The columns the value checks look at: the prediction columns of the targets that the submission has; when
     * {@code submission_columns} names none of them (the submission encodes the target differently, e.g. icr's
     * class_0/class_1 for Class), its non-id columns.
     */
    static List<String> checkedColumns(TaskDefinition task, MetricContext context, List<String> required) {
        List<String> cols = new ArrayList<>();
        for (String target : context.targetColumns()) {
            String c = context.predictionColumn(target);
            if (required.contains(c) && !cols.contains(c)) {
                cols.add(c);
            }
        }
        if (cols.isEmpty()) {
            required.stream().filter(c -> !task.idColumns().contains(c)).forEach(cols::add);
        }
        return cols;
    }

    /** Each row's id: the id column's text, or for a composite id the texts of its columns joined by NUL. */
    static String[] keys(Table table, List<String> idColumns) {
        if (idColumns.size() == 1) {
            return table.strings(idColumns.get(0));
        }
        String[][] parts = new String[idColumns.size()][];
        for (int k = 0; k < parts.length; k++) {
            parts[k] = table.strings(idColumns.get(k));
        }
        String[] out = new String[table.rowCount()];
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < out.length; r++) {
            sb.setLength(0);
            for (int k = 0; k < parts.length; k++) {
                sb.append(k == 0 ? "" : "\u0000").append(parts[k][r]);
            }
            out[r] = sb.toString();
        }
        return out;
    }

    /** A key as people read it: the id itself, or {@code tripId=a, UnixTimeMillis=5} for a composite id. */
    static String shown(String key, List<String> idColumns) {
        if (idColumns.size() == 1) {
            return key;
        }
        String[] parts = key.split("\u0000", -1);
        StringBuilder sb = new StringBuilder("(");
        for (int k = 0; k < idColumns.size(); k++) {
            sb.append(k == 0 ? "" : ", ").append(idColumns.get(k)).append('=').append(k < parts.length ? parts[k] : "");
        }
        return sb.append(')').toString();
    }

    private static String shown(List<String> keys, List<String> idColumns) {
        return String.join(", ", keys.stream().map(k -> shown(k, idColumns)).toList());
    }

    /**
     * Puts the submission's rows in answer order. When both id columns are int64 (pandas' dtype), ids are matched as
     * numbers through an index kept with the answers; otherwise as pandas renders them. Anything but one row per
     * answer id goes to {@link #alignById}, which says what is wrong.
     */
    private static Table align(List<String> idColumns, Answers answers, Table sub) {
        if (idColumns.size() == 1) {
            String id = idColumns.get(0);
            long[] subIds = sub.int64s(id);
            if (subIds != null) {
                IdIndex index = answers.derived("int64-index:" + id, a -> {
                    long[] truthIds = a.table().int64s(id);
                    // answers whose ids are not int64: an empty text index marks "match as text"
                    return truthIds == null ? IdIndex.ofTexts(new String[0]) : IdIndex.ofNumbers(truthIds);
                });
                if (!(index instanceof IdIndex.Texts)) {
                    int[] order = matched(answers.table().rowCount(), subIds, index);
                    if (order != null) {
                        return sub.selectRows(order);
                    }
                }
            }
        }
        IdIndex texts = answers.derived("text-index:" + String.join("\u0000", idColumns),
                a -> IdIndex.ofTexts(keys(a.table(), idColumns)));
        String[] subKeys = keys(sub, idColumns);
        int[] order = new int[answers.table().rowCount()];
        java.util.Arrays.fill(order, -1);
        int placed = 0;
        for (int r = 0; r < subKeys.length; r++) {
            int t = texts.rowOf(subKeys[r]);
            if (t < 0 || order[t] >= 0) {
                placed = -1;
                break;
            }
            order[t] = r;
            placed++;
        }
        if (placed == order.length) {
            return sub.selectRows(order);
        }
        return alignById(idColumns, keys(answers.table(), idColumns), sub);
    }

    /** The submission row of each answer row, or null unless every answer id appears exactly once. */
    private static int[] matched(int truthRows, long[] subIds, IdIndex index) {
        if (subIds.length != truthRows) {
            return null;
        }
        int[] order = new int[truthRows];
        java.util.Arrays.fill(order, -1);
        for (int r = 0; r < subIds.length; r++) {
            int t = index.rowOf(subIds[r]);
            if (t < 0 || order[t] >= 0) {
                return null;
            }
            order[t] = r;
        }
        return order; // as many rows as answers, each matched once: every answer row is covered
    }

    /** Checks that the submission has exactly the answer ids, once each, and puts its rows in answer order. */
    private static Table alignById(List<String> idColumns, String[] truthIds, Table sub) {
        String idColumn = idColumns.size() == 1 ? "Column '" + idColumns.get(0) + "'"
                : "The id (" + String.join(", ", idColumns) + ")";
        String[] subIds = keys(sub, idColumns);
        Map<String, Integer> rowOf = new HashMap<>(subIds.length * 2);
        List<String> duplicates = new ArrayList<>();
        for (int r = 0; r < subIds.length; r++) {
            if (rowOf.putIfAbsent(subIds[r], r) != null && duplicates.size() < EXAMPLES) {
                duplicates.add(subIds[r]);
            }
        }
        if (!duplicates.isEmpty()) {
            throw new InvalidSubmissionException(SubmissionErrorKind.DUPLICATE_IDS,
                    idColumn + " repeats ids, e.g. " + shown(duplicates, idColumns)
                            + "; give exactly one row per id.");
        }
        int[] order = new int[truthIds.length];
        List<String> missing = new ArrayList<>();
        int missingCount = 0;
        Set<String> expected = new java.util.HashSet<>(truthIds.length * 2);
        for (int r = 0; r < truthIds.length; r++) {
            expected.add(truthIds[r]);
            Integer row = rowOf.get(truthIds[r]);
            if (row == null) {
                missingCount++;
                if (missing.size() < EXAMPLES) {
                    missing.add(truthIds[r]);
                }
            } else {
                order[r] = row;
            }
        }
        List<String> unknown = new ArrayList<>();
        int unknownCount = 0;
        for (String id : subIds) {
            if (!expected.contains(id)) {
                unknownCount++;
                if (unknown.size() < EXAMPLES) {
                    unknown.add(id);
                }
            }
        }
        if (missingCount > 0) {
            throw new InvalidSubmissionException(SubmissionErrorKind.MISSING_IDS,
                    "The submission has " + subIds.length + " rows but " + missingCount + " of the " + truthIds.length
                            + " test ids are missing, e.g. " + shown(missing, idColumns)
                            + (unknownCount > 0 ? "; it also has " + unknownCount + " ids that are not in the test set, e.g. "
                                    + shown(unknown, idColumns) : "")
                            + ". Use the ids of test.csv / sample_submission.csv.");
        }
        if (unknownCount > 0) {
            throw new InvalidSubmissionException(SubmissionErrorKind.UNKNOWN_IDS,
                    "The submission has " + unknownCount + " ids that are not in the test set, e.g. "
                            + shown(unknown, idColumns) + ".");
        }
        return sub.selectRows(order);
    }
}
