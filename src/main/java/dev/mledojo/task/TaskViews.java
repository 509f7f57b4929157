package dev.mledojo.task;

import java.util.List;
import java.util.Map;

/** The task catalogue as it goes on the wire (JSON) and into pages; entities never leave the service. */
public final class TaskViews {

    private TaskViews() {
    }

    /** One line of the catalogue. */
    public record TaskSummaryView(String id, String title, String domain, List<String> tags, String summary,
            String metric, Boolean higherIsBetter, String status, String statusLabel, Integer version,
            String boardLabel, TaskProblem problem) {
    }

    /** One page of the catalogue; {@code nextCursor} is null on the last page. */
    public record TaskListView(List<TaskSummaryView> items, String nextCursor, long total) {
    }

    /** Summary statistics of one comparison board. */
    public record BoardView(int entries, Double best, Double median, Double worst) {
    }

    /** A public data file of the prepared version. */
    public record DataFileView(String name, long size, String sha256, String url) {
    }

    /** Everything about one task's current version. */
    public record TaskDetailView(String id, String title, String domain, List<String> tags, String summary,
            String description, String metric, Map<String, Object> metricParams, boolean metricAvailable,
            boolean higherIsBetter, String idColumn, List<String> targetColumns, String submissionFile,
            String status, String statusLabel, int version, String contentHash, String dataHash, String dataSource,
            Map<String, Object> data, String boardKind, String boardLabel, Integer teams, BoardView publicBoard,
            BoardView privateBoard, List<DataFileView> files, String dataError, TaskProblem problem,
            TaskDefinition.Resources resources, double feedbackFraction, List<String> submissionColumns,
            boolean targetsAfterId) {
    }

    /** The human-facing label of a status ("data not prepared" for a draft). */
    public static String statusLabel(String status) {
        return switch (status) {
            case "draft" -> "data not prepared";
            case "preparing" -> "preparing data";
            case "ready" -> "ready";
            case "retired" -> "retired";
            case "invalid" -> "invalid";
            default -> status;
        };
    }
}
