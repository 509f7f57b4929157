package dev.mledojo.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.PyFormat;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;
import dev.mledojo.task.SubmissionCheck;

/**
 * Applies a task's value checks ({@code checks:} in task.yaml) to a submission before it is scored, in the order the
 * task lists them; the first failing check refuses the submission with a message that names the column, how many
 * rows fail and a few of their ids. Range checks judge numbers only (an empty cell is {@code no_missing}'s business),
 * as pandas comparisons are false for NaN.
 */
final class SubmissionChecks {

    private static final int EXAMPLES = 5;
    /** The tolerance of {@code row_sums_to_one} (the reference's {@code atol}). */
    static final double ROW_SUM_TOLERANCE = 1e-3;

    private SubmissionChecks() {
    }

    /**
     * @param columns the prediction columns the checks look at
     * @param idColumns the id column(s), used to name failing rows
     */
    static void apply(List<SubmissionCheck> checks, Table sub, List<String> columns, List<String> idColumns) {
        for (SubmissionCheck check : checks) {
            switch (check) {
                case NO_MISSING -> missing(sub, columns, idColumns);
                case NO_MISSING_ANYWHERE -> missing(sub, sub.columns(), idColumns);
                case FINITE -> range(sub, columns, idColumns, Double::isInfinite, SubmissionErrorKind.NON_FINITE_VALUE,
                        "infinite (inf) values", "predictions must be finite numbers");
                case POSITIVE -> range(sub, columns, idColumns, v -> v <= 0, SubmissionErrorKind.OUT_OF_RANGE,
                        "non-positive values", "every prediction must be greater than 0");
                case NON_NEGATIVE -> range(sub, columns, idColumns, v -> v < 0, SubmissionErrorKind.OUT_OF_RANGE,
                        "negative values", "every prediction must be greater than or equal to 0");
                case PROBABILITY -> range(sub, columns, idColumns, v -> v < 0 || v > 1, SubmissionErrorKind.OUT_OF_RANGE,
                        "values outside [0, 1]", "probabilities must be between 0 and 1");
                case ROW_SUMS_TO_ONE -> rowSums(sub, columns, idColumns);
                default -> throw new IllegalStateException(check.toString());
            }
        }
    }

    private static void missing(Table sub, List<String> columns, List<String> idColumns) {
        for (String col : columns) {
            java.util.BitSet missing = sub.missingCells(col); // no text per cell (the column may be numbers only)
            int count = missing.cardinality();
            List<Integer> rows = new ArrayList<>();
            for (int r = missing.nextSetBit(0); r >= 0 && rows.size() < EXAMPLES; r = missing.nextSetBit(r + 1)) {
                rows.add(r);
            }
            if (count > 0) {
                throw new InvalidSubmissionException(SubmissionErrorKind.MISSING_VALUES, "Submission contains missing "
                        + "values: column '" + col + "' is empty or NaN in " + count + " row" + (count == 1 ? "" : "s")
                        + ", e.g. " + rowNames(sub, rows, idColumns, null, "") + ". Fill every cell with a value.");
            }
        }
    }

    private static void range(Table sub, List<String> columns, List<String> idColumns, DoublePredicate bad,
            SubmissionErrorKind kind, String what, String rule) {
        for (String col : columns) {
            double[] v = sub.numbersReadOnly(col); // only read: the table's own parsed column, as the metric's
            List<Integer> rows = new ArrayList<>();
            int count = 0;
            for (int r = 0; r < v.length; r++) {
                if (!Double.isNaN(v[r]) && bad.test(v[r])) {
                    count++;
                    if (rows.size() < EXAMPLES) {
                        rows.add(r);
                    }
                }
            }
            if (count > 0) {
                throw new InvalidSubmissionException(kind, "Column '" + col + "' contains " + what + " in " + count
                        + " row" + (count == 1 ? "" : "s") + ", e.g. " + rowNames(sub, rows, idColumns, v, "") + "; " + rule
                        + ".");
            }
        }
    }

    /** pandas {@code sum(axis=1)} skips NaN, so an empty cell counts as 0 in the row sum. */
    private static void rowSums(Table sub, List<String> columns, List<String> idColumns) {
        double[][] values = new double[columns.size()][];
        for (int c = 0; c < values.length; c++) {
            values[c] = sub.numbersReadOnly(columns.get(c));
        }
        double[] sums = new double[sub.rowCount()];
        List<Integer> rows = new ArrayList<>();
        int count = 0;
        for (int r = 0; r < sums.length; r++) {
            double sum = 0;
            for (double[] col : values) {
                sum += Double.isNaN(col[r]) ? 0 : col[r];
            }
            sums[r] = sum;
            if (!(Math.abs(sum - 1) <= ROW_SUM_TOLERANCE)) {
                count++;
                if (rows.size() < EXAMPLES) {
                    rows.add(r);
                }
            }
        }
        if (count > 0) {
            throw new InvalidSubmissionException(SubmissionErrorKind.OUT_OF_RANGE, "The probabilities of " + count + " row"
                    + (count == 1 ? "" : "s") + " do not sum to one (tolerance " + ROW_SUM_TOLERANCE + "), e.g. "
                    + rowNames(sub, rows, idColumns, sums, "sum ") + "; the columns "
                    + String.join(", ", columns) + " of each row must sum to 1.");
        }
    }

    /** {@code id=5 (-1.0), id=7 (-2.5)}: the failing rows by id, with the offending value when given. */
    private static String rowNames(Table sub, List<Integer> rows, List<String> idColumns, double[] values,
            String label) {
        List<String> names = new ArrayList<>();
        String[][] ids = new String[idColumns.size()][];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = sub.hasColumn(idColumns.get(k)) ? sub.strings(idColumns.get(k)) : null;
        }
        for (int r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < ids.length; k++) {
                sb.append(k == 0 ? "" : ", ").append(idColumns.get(k)).append('=')
                        .append(ids[k] == null ? "row " + (r + 1) : ids[k][r]);
            }
            if (values != null) {
                sb.append(" (").append(label).append(PyFormat.repr(values[r])).append(')');
            }
            names.add(sb.toString());
        }
        return String.join(ids.length > 1 ? "; " : ", ", names);
    }
}
