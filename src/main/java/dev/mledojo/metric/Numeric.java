package dev.mledojo.metric;

import java.util.List;
import java.util.Locale;


/**
 * Shared numeric helpers of the error, ranking and text metrics: NumPy's pairwise summation, the {@code nan} policy
 * of METRICS.md and scikit-learn's finiteness check.
 */
public final class Numeric {

    private static final int BLOCK = 128;

    private Numeric() {
    }

    /** NumPy's pairwise summation of {@code a[from .. from+n)} (as used by {@code np.sum} / {@code np.mean}). */
    public static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double r0 = a[from];
            double r1 = a[from + 1];
            double r2 = a[from + 2];
            double r3 = a[from + 3];
            double r4 = a[from + 4];
            double r5 = a[from + 5];
            double r6 = a[from + 6];
            double r7 = a[from + 7];
            int i = 8;
            int stop = n - (n % 8);
            for (; i < stop; i += 8) {
                int k = from + i;
                r0 += a[k];
                r1 += a[k + 1];
                r2 += a[k + 2];
                r3 += a[k + 3];
                r4 += a[k + 4];
                r5 += a[k + 5];
                r6 += a[k + 6];
                r7 += a[k + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
    }

    /** {@code np.sum(a)}. */
    public static double sum(double[] a) {
        return pairwiseSum(a, 0, a.length);
    }

    /** {@code np.mean(a)}: NaN propagates; an empty array gives NaN. */
    public static double mean(double[] a) {
        return a.length == 0 ? Double.NaN : pairwiseSum(a, 0, a.length) / a.length;
    }

    /**
     * The mean of {@code terms} under a NaN policy: SKIP drops NaN terms (pandas), otherwise NaN propagates. The
     * array is compacted in place for SKIP, so pass a scratch array. ERROR callers check their inputs beforehand.
     */
    public static double mean(double[] terms, NanPolicy policy) {
        if (policy != NanPolicy.SKIP) {
            return mean(terms);
        }
        int m = compactNonNaN(terms);
        return m == 0 ? Double.NaN : pairwiseSum(terms, 0, m) / m;
    }

    /** {@code np.sum} of a pandas Series: NaN terms are dropped (the sum of nothing is 0). */
    public static double skipNaNSum(double[] terms) {
        return pairwiseSum(terms, 0, compactNonNaN(terms));
    }

    /** Moves the non-NaN values to the front and returns how many there are. */
    static int compactNonNaN(double[] a) {
        int m = 0;
        for (double v : a) {
            if (!Double.isNaN(v)) {
                a[m++] = v;
            }
        }
        return m;
    }

    /**
     * The {@code nan} parameter read leniently (a value starting with skip, propagate or error), else the fallback.
     * The catalogue sometimes writes prose there (e.g. smape's "contributes 0 ..."), which callers read themselves.
     */
    public static NanPolicy nanPolicy(MetricContext context, NanPolicy fallback) {
        String value = context.params().string("nan", null);
        if (value == null) {
            return fallback;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("skip")) {
            return NanPolicy.SKIP;
        }
        if (v.startsWith("propagate")) {
            return NanPolicy.PROPAGATE;
        }
        if (v.startsWith("error")) {
            return NanPolicy.ERROR;
        }
        return fallback;
    }

    /**
     * scikit-learn's {@code check_array} finiteness test: NaN or infinity fails the evaluation.
     *
     * @param what which input ("truth column 'y'", "prediction column 'y'") for the message
     */
    public static void requireFinite(double[] values, String what, Table truth, MetricContext context) {
        for (int r = 0; r < values.length; r++) {
            double v = values[r];
            if (Double.isNaN(v)) {
                throw new ScoringException("Input contains NaN (" + what + ", " + rowLabel(truth, context, r) + ").");
            }
            if (Double.isInfinite(v)) {
                throw new ScoringException("Input contains infinity or a value too large for dtype('float64') ("
                        + what + ", " + rowLabel(truth, context, r) + ").");
            }
        }
    }

    /** Checks truth and predictions of every target when the policy is ERROR. */
    public static void requireFiniteIfError(NanPolicy policy, List<double[]> truths, List<double[]> predictions,
            List<String> targets, Table truth, MetricContext context) {
        if (policy != NanPolicy.ERROR) {
            return;
        }
        for (int c = 0; c < targets.size(); c++) {
            requireFinite(truths.get(c), "truth column '" + targets.get(c) + "'", truth, context);
            requireFinite(predictions.get(c), "prediction column '" + context.predictionColumn(targets.get(c)) + "'",
                    truth, context);
        }
    }

    /** "id '17'" for aligned row {@code r}, or "row 18" when the table has no id column. */
    public static String rowLabel(Table table, MetricContext context, int r) {
        if (context.idColumn() != null && table.hasColumn(context.idColumn())) {
            String id = table.column(context.idColumn())[r];
            return context.idColumn() + " '" + id + "'";
        }
        return "row " + (r + 1);
    }
}
