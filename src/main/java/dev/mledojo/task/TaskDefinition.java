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
        String contentHash) {

    public TaskDefinition {
        tags = List.copyOf(tags);
        targetColumns = List.copyOf(targetColumns);
        prepare = Map.copyOf(prepare);
        publicBoard = List.copyOf(publicBoard);
        privateBoard = List.copyOf(privateBoard);
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
