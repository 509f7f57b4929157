package dev.mledojo.metric.regression;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/** scipy's {@code pearsonr} and {@code spearmanr} statistics, with their NaN conventions. */
final class Correlations {

    private Correlations() {
    }

    /**
     * Pearson's r; NaN for constant input (scipy warns and returns NaN), for non-finite input, or with fewer than
     * two pairs.
     */
    static double pearson(double[] x, double[] y) {
        int n = x.length;
        if (n < 2 || constant(x) || constant(y) || !finite(x) || !finite(y)) {
            return Double.NaN;
        }
        double r = new PearsonsCorrelation().correlation(x, y);
        return Math.max(-1.0, Math.min(1.0, r)); // scipy clips rounding overshoot to [-1, 1]
    }

    /** Spearman's rho: Pearson's r of average ranks; any NaN gives NaN (scipy's nan_policy='propagate'). */
    static double spearman(double[] x, double[] y) {
        if (x.length < 2 || hasNaN(x) || hasNaN(y)) {
            return Double.NaN;
        }
        NaturalRanking ranking = new NaturalRanking(NaNStrategy.FIXED, TiesStrategy.AVERAGE);
        return pearson(ranking.rank(x), ranking.rank(y));
    }

    private static boolean constant(double[] a) {
        for (double v : a) {
            if (v != a[0]) {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasNaN(double[] a) {
        for (double v : a) {
            if (Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }
}
