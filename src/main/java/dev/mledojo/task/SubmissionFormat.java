package dev.mledojo.task;

import java.util.List;

/**
 * What a submission of a task must look like beyond "id and prediction columns", from {@code task.yaml}: the id
 * columns (several for a composite id), whether the targets are all answer columns after the id, the exact set of
 * submission columns when it differs from id + predictions, whether extra columns are tolerated, and the value checks
 * the reference grader makes before scoring.
 *
 * @param idColumns one or more id columns; a row is identified by the tuple of their values
 * @param targetsAfterId {@code target_columns: all_after_id}: every answer column after the id is a target
 * @param columns {@code submission_columns}: the exact columns a submission has (empty: the id and prediction columns)
 * @param extraColumnsAllowed {@code extra_columns: allowed}: columns beyond the required ones are ignored, not refused
 * @param checks {@code checks}: value checks on the prediction columns, applied in this order before scoring
 */
public record SubmissionFormat(List<String> idColumns, boolean targetsAfterId, List<String> columns,
        boolean extraColumnsAllowed, List<SubmissionCheck> checks) {

    public SubmissionFormat {
        idColumns = List.copyOf(idColumns);
        columns = List.copyOf(columns);
        checks = List.copyOf(checks);
        if (idColumns.isEmpty()) {
            throw new IllegalArgumentException("at least one id column is required");
        }
    }

    /** One id column, listed targets, the id and prediction columns exactly, no value checks. */
    public static SubmissionFormat simple(String idColumn) {
        return new SubmissionFormat(List.of(idColumn), false, List.of(), false, List.of());
    }

    /** True when a row is identified by more than one column. */
    public boolean compositeId() {
        return idColumns.size() > 1;
    }
}
