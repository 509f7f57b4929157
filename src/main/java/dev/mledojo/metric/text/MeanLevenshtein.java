package dev.mledojo.metric.text;

import dev.mledojo.metric.ColumnType;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mean over rows of the character Levenshtein distance between truth and prediction (python-Levenshtein, unit costs,
 * Unicode code points). Reads no params ({@code unit}, {@code impl} are documentation). A missing cell, or a column
 * pandas would read as numbers or booleans, is not a string and fails the evaluation as in the reference.
 */
@ApplicationScoped
public class MeanLevenshtein implements Metric {

    @Override
    public String id() {
        return "mean_levenshtein";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        String predColumn = context.predictionColumn(target);
        String[] t = textColumn(truth, target, "truth", truth, context);
        String[] p = textColumn(submission, predColumn, "prediction", truth, context);
        double[] distances = new double[t.length];
        for (int r = 0; r < t.length; r++) {
            distances[r] = EditDistance.of(t[r], p[r]);
        }
        return Numeric.mean(distances);
    }

    /** The raw cells of a column that must hold strings only (Python's Levenshtein rejects floats and NaN). */
    static String[] textColumn(Table table, String column, String what, Table truth, MetricContext context) {
        String[] cells = table.column(column);
        ColumnType type = table.type(column);
        for (int r = 0; r < cells.length; r++) {
            if (cells[r] == null) {
                throw new ScoringException("The " + what + " column '" + column + "' is empty (NaN) at "
                        + Numeric.rowLabel(truth, context, r) + "; every row needs a string.");
            }
        }
        if (type != ColumnType.TEXT) {
            throw new ScoringException("The " + what + " column '" + column + "' is read as " + type.name().toLowerCase()
                    + " values, not strings.");
        }
        return cells;
    }
}
