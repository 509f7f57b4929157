package dev.mledojo.task;

import java.util.List;
import java.util.Map;

import dev.mledojo.metric.MetricParams;

/**
 * One immutable version of a task as defined by its folder: the parsed {@code task.yaml}, the description and the
 * comparison boards, identified by the content hash of the whole folder.
 */
public record TaskDefinition(
        String id,
        String title,
        Domain domain,
        List<String> tags,
        String summary,
        String metricId,
        MetricParams metricParams,
        boolean higherIsBetter,
        String idColumn,
        List<String> targetColumns,
        String submissionFile,
        Resources resources,
        double feedbackFraction,
        DataSpec data,
        Map<String, Object> prepare,
        BoardInfo leaderboard,
        String origin,
        String description,
        List<Double> publicBoard,
        List<Double> privateBoard,
        String contentHash,
        SubmissionFormat submission) {

    public TaskDefinition {
        tags = List.copyOf(tags);
        targetColumns = List.copyOf(targetColumns);
        prepare = Map.copyOf(prepare);
        publicBoard = List.copyOf(publicBoard);
        privateBoard = List.copyOf(privateBoard);
        submission = submission == null ? SubmissionFormat.simple(idColumn) : submission;
        if (!submission.idColumns().get(0).equals(idColumn)) {
            throw new IllegalArgumentException("idColumn '" + idColumn + "' is not the first of " + submission.idColumns());
        }
        if (submission.targetsAfterId() && !targetColumns.isEmpty()) {
            throw new IllegalArgumentException("target columns are listed although they are all columns after the id");
        }
    }

    /** A definition with a single id column, listed targets and the default submission rules. */
    public TaskDefinition(String id, String title, Domain domain, List<String> tags, String summary, String metricId,
            MetricParams metricParams, boolean higherIsBetter, String idColumn, List<String> targetColumns,
            String submissionFile, Resources resources, double feedbackFraction, DataSpec data, Map<String, Object> prepare,
            BoardInfo leaderboard, String origin, String description, List<Double> publicBoard, List<Double> privateBoard,
            String contentHash) {
        this(id, title, domain, tags, summary, metricId, metricParams, higherIsBetter, idColumn, targetColumns,
                submissionFile, resources, feedbackFraction, data, prepare, leaderboard, origin, description, publicBoard,
                privateBoard, contentHash, SubmissionFormat.simple(idColumn));
    }

    /** The same definition with other submission rules (first id column and target list adjusted to them). */
    public TaskDefinition withSubmission(SubmissionFormat format, List<String> targets) {
        return new TaskDefinition(id, title, domain, tags, summary, metricId, metricParams, higherIsBetter,
                format.idColumns().get(0), targets, submissionFile, resources, feedbackFraction, data, prepare,
                leaderboard, origin, description, publicBoard, privateBoard, contentHash, format);
    }

    /**
     * The id columns: one, or several for a composite id (smartphone-decimeter-2022: tripId, UnixTimeMillis). A row
     * is identified by the tuple; {@link #idColumn()} is the first, which also keys the feedback/final split.
     */
    public List<String> idColumns() {
        return submission.idColumns();
    }

    /** True when the targets are every answer column after the id ({@code target_columns: all_after_id}). */
    public boolean targetsAfterId() {
        return submission.targetsAfterId();
    }

    /**
     * The target columns as they apply to an answers file with this header: the listed ones, or (for
     * {@code all_after_id}) every column after the last id column, in file order.
     */
    public List<String> targetColumns(List<String> answerHeader) {
        if (!targetsAfterId()) {
            return targetColumns;
        }
        int last = -1;
        for (String idCol : idColumns()) {
            last = Math.max(last, answerHeader.indexOf(idCol));
        }
        return last < 0 ? List.of() : List.copyOf(answerHeader.subList(last + 1, answerHeader.size()));
    }

    /** The id column(s) as people read them: {@code id}, or {@code tripId, UnixTimeMillis}. */
    public String idColumnsLabel() {
        return String.join(", ", idColumns());
    }

    /**
     * The columns of a submission as far as the definition alone knows them: {@code submission_columns} when given,
     * else the id column(s) and the prediction column of each listed target (for {@code all_after_id} only the id
     * columns: the rest is the answers' header, see the sample submission).
     */
    public List<String> submissionHeader() {
        if (!submission.columns().isEmpty()) {
            return submission.columns();
        }
        List<String> cols = new java.util.ArrayList<>(idColumns());
        dev.mledojo.metric.MetricContext context = new dev.mledojo.metric.MetricContext(idColumn, targetColumns, metricParams);
        targetColumns.forEach(t -> cols.add(context.predictionColumn(t)));
        return List.copyOf(cols);
    }

    /** How the target columns read for people: the list, or a sentence for {@code all_after_id}. */
    public String targetColumnsLabel() {
        return targetsAfterId() ? "every answer column after " + String.join(", ", idColumns())
                + " (see sample_submission.csv)" : String.join(", ", targetColumns);
    }

    /** The task's domain. */
    public enum Domain {
        TABULAR, CV, NLP, AUDIO, TIMESERIES, MULTIMODAL, OTHER;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Domain parse(String s) {
            return Domain.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Compute the task is given: CPUs, memory (Kubernetes quantity), GPUs, wall-time limit in seconds. */
    public record Resources(double cpu, String memory, int gpu, int timeLimitSeconds) {
        public static final Resources DEFAULT = new Resources(2, "8Gi", 0, 3600);

        /** The memory quantity in bytes ({@code 4Gi}, {@code 512Mi}, {@code 2G}, ...). */
        public long memoryBytes() {
            return MemoryQuantity.bytes(memory);
        }
    }

    /** Where the data comes from: {@code kaggle}, {@code generator} or {@code local}, with the source's settings. */
    public record DataSpec(String source, Map<String, Object> settings) {
        public DataSpec {
            settings = Map.copyOf(settings);
        }

        public boolean generated() {
            return "generator".equals(source);
        }

        public String setting(String key) {
            Object v = settings.get(key);
            return v == null ? null : v.toString();
        }
    }

    /** What kind of comparison board the task carries and how many teams took part. */
    public record BoardInfo(String kind, Integer teams) {
        public boolean human() {
            return "human".equals(kind);
        }

        /** The label shown wherever the board appears. */
        public String label() {
            return human() ? "human Kaggle leaderboard" : "reference board (generated)";
        }
    }
}
