package dev.mledojo.metric;

import java.util.List;

/**
 * What a metric needs to know about the task it scores: the id column, the target columns and the metric parameters.
 *
 * @param idColumn the id column of the answers (first column by convention)
 * @param targetColumns the scored columns of the answers, in task order
 * @param params the task's {@code metric.params}
 */
public record MetricContext(String idColumn, List<String> targetColumns, MetricParams params) {

    public MetricContext {
        targetColumns = List.copyOf(targetColumns);
        params = params == null ? MetricParams.EMPTY : params;
    }

    /** The single target column; fails loudly when a task is misconfigured for a single-column metric. */
    public String target() {
        if (targetColumns.isEmpty()) {
            throw new IllegalStateException("the task defines no target column");
        }
        return targetColumns.get(0);
    }

    /**
     * The submission column that holds the prediction for {@code target}: usually the same name, unless the
     * params map it (param {@code prediction_column}, e.g. quora-insincere's {@code prediction}).
     */
    public String predictionColumn(String target) {
        String mapped = params.string("prediction_column", null);
        return mapped != null && targetColumns.size() == 1 ? mapped : target;
    }

    /** How missing predictions are treated (param {@code nan}): skip, propagate or error. */
    public NanPolicy nanPolicy(NanPolicy fallback) {
        String value = params.string("nan", null);
        return value == null ? fallback : NanPolicy.parse(value);
    }
}
