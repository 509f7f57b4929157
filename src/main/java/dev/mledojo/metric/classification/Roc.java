package dev.mledojo.metric.classification;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

import java.util.Arrays;

/**
 * ROC maths as scikit-learn 1.6.1 does it: the Mann-Whitney AUC (0.5 credit per tied pair), {@code roc_curve} with
 * {@code drop_intermediate=True}, the input checks of {@code roc_auc_score}, and NumPy's {@code interp}/{@code trapz}.
 */
final class Roc {

    private Roc() {
    }

    /** A ROC curve: parallel false and true positive rates, starting at (0, 0); NaN rates when a class is absent. */
    record Curve(double[] fpr, double[] tpr) {
    }

    /**
     * Binary AUC over all (positive, negative) pairs: 1 when the positive scores higher, 0.5 on a tie; NaN when a class
     * is absent. Sorts positives and negatives separately, so O(n log n) on primitive arrays.
     */
    static double auc(double[] scores, boolean[] positive) {
        int p = 0;
        for (boolean b : positive) {
            if (b) {
                p++;
            }
        }
        int n = scores.length - p;
        if (p == 0 || n == 0) {
            return Double.NaN;
        }
        double[] pos = new double[p];
        double[] neg = new double[n];
        split(scores, positive, pos, neg);
        long twice = 0; // 2 x (wins + 0.5 ties), exact in a long
        int lo = 0;
        int hi = 0;
        for (double s : pos) {
            while (lo < n && neg[lo] < s) {
                lo++;
            }
            if (hi < lo) {
                hi = lo;
            }
            while (hi < n && neg[hi] <= s) {
                hi++;
            }
            twice += 2L * lo + (hi - lo);
        }
        return twice / (2.0 * p * (double) n);
    }

    /** scikit-learn's {@code roc_curve(drop_intermediate=True)} for boolean truth. */
    static Curve curve(double[] scores, boolean[] positive) {
        int p = 0;
        for (boolean b : positive) {
            if (b) {
                p++;
            }
        }
        int n = scores.length - p;
        double[] pos = new double[p];
        double[] neg = new double[n];
        split(scores, positive, pos, neg);
        // walk thresholds from the highest score down: one point per distinct score
        long[] tps = new long[scores.length + 1];
        long[] fps = new long[scores.length + 1];
        int points = 0;
        int i = p - 1;
        int j = n - 1;
        long tp = 0;
        long fp = 0;
        while (i >= 0 || j >= 0) {
            double v = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
            while (i >= 0 && pos[i] == v) {
                tp++;
                i--;
            }
            while (j >= 0 && neg[j] == v) {
                fp++;
                j--;
            }
            tps[points] = tp;
            fps[points] = fp;
            points++;
        }
        // drop_intermediate: keep the ends and every point where the curve bends
        int kept = 0;
        long[] kt = new long[points + 1];
        long[] kf = new long[points + 1];
        kt[0] = 0;
        kf[0] = 0;
        kept = 1;
        for (int k = 0; k < points; k++) {
            boolean keep = points <= 2 || k == 0 || k == points - 1
                    || fps[k - 1] - 2 * fps[k] + fps[k + 1] != 0 || tps[k - 1] - 2 * tps[k] + tps[k + 1] != 0;
            if (keep) {
                kt[kept] = tps[k];
                kf[kept] = fps[k];
                kept++;
            }
        }
        double[] fpr = new double[kept];
        double[] tpr = new double[kept];
        long lastF = kf[kept - 1];
        long lastT = kt[kept - 1];
        for (int k = 0; k < kept; k++) {
            fpr[k] = lastF <= 0 ? Double.NaN : (double) kf[k] / lastF;
            tpr[k] = lastT <= 0 ? Double.NaN : (double) kt[k] / lastT;
        }
        return new Curve(fpr, tpr);
    }

    private static void split(double[] scores, boolean[] positive, double[] pos, double[] neg) {
        int a = 0;
        int b = 0;
        for (int k = 0; k < scores.length; k++) {
            double s = Sorting.key(scores[k]);
            if (positive[k]) {
                pos[a++] = s;
            } else {
                neg[b++] = s;
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
    }

    /** NumPy's {@code trapz(y, x)}. */
    static double trapezoid(double[] y, double[] x) {
        double sum = 0;
        for (int k = 0; k + 1 < x.length; k++) {
            sum += (x[k + 1] - x[k]) * (y[k + 1] + y[k]) / 2.0;
        }
        return sum;
    }

    /** NumPy's {@code interp(x, xp, fp)} for increasing {@code xp}: repeated xp values use the right-most one. */
    static double interp(double x, double[] xp, double[] fp) {
        int last = xp.length - 1;
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x > xp[last]) {
            return fp[last];
        }
        if (x < xp[0]) {
            return fp[0];
        }
        // largest j with xp[j] <= x; NaN xp values make every comparison false, as in NumPy
        int lo = 0;
        int hi = last;
        if (!(xp[0] <= x)) {
            return Double.NaN;
        }
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (xp[mid] <= x) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int j = lo;
        if (j == last || xp[j] == x) {
            return fp[j];
        }
        double slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
        double r = slope * (x - xp[j]) + fp[j];
        if (Double.isNaN(r)) {
            r = slope * (x - xp[j + 1]) + fp[j + 1];
            if (Double.isNaN(r) && fp[j] == fp[j + 1]) {
                r = fp[j];
            }
        }
        return r;
    }

    // ---- scikit-learn input handling -----------------------------------------------------------------------------

    /**
     * Prediction scores as {@code check_array} accepts them: numeric (bool counts as 0/1), finite.
     *
     * @throws ScoringException for text, NaN or infinite scores
     */
    static double[] finiteScores(Table submission, String column) {
        double[] s = numericOrFail(submission, column);
        for (double v : s) {
            if (Double.isNaN(v)) {
                throw new ScoringException("Input contains NaN (prediction column '" + column + "').");
            }
            if (Double.isInfinite(v)) {
                throw new ScoringException("Input contains infinity (prediction column '" + column + "').");
            }
        }
        return s;
    }

    /** A numeric column, or a scoring failure naming the first cell that is not a number. */
    static double[] numericOrFail(Table table, String column) {
        return numericOrFail(table, column, false);
    }

    /**
     * {@link #numericOrFail(Table, String)}, the table's own array when {@code readOnly} (the caller never modifies
     * it), else a copy.
     */
    static double[] numericOrFail(Table table, String column, boolean readOnly) {
        try {
            return readOnly ? table.numbersReadOnly(column) : table.numbers(column);
        } catch (InvalidSubmissionException e) {
            throw new ScoringException("could not convert string to float: " + e.getMessage());
        }
    }

    /**
     * The positive-class mask {@code roc_auc_score} derives from a binary truth: the larger of the (at most two)
     * sorted labels is positive. A single label gives an all-false or all-true mask (the AUC is then NaN).
     *
     * @throws ScoringException for NaN, continuous or multiclass truth
     */
    static boolean[] rocAucTruth(LabelColumn truth) {
        truth.requireClassification();
        int n = truth.size();
        boolean[] positive = new boolean[n];
        if (truth.isText()) {
            java.util.Set<String> distinct = new java.util.HashSet<>();
            for (String s : truth.text) {
                if (distinct.add(s) && distinct.size() > 2) {
                    throw multiclass(truth.name);
                }
            }
            String max = distinct.stream().max(Sorting::comparePython).orElse(null);
            boolean binary = distinct.size() == 2;
            for (int i = 0; i < n; i++) {
                positive[i] = binary && truth.text[i].equals(max);
            }
            return positive;
        }
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double v : truth.numbers) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        for (double v : truth.numbers) {
            if (v != max && v != min) {
                throw multiclass(truth.name);
            }
        }
        for (int i = 0; i < n; i++) {
            positive[i] = min != max && truth.numbers[i] == max;
        }
        return positive;
    }

    private static ScoringException multiclass(String column) {
        return new ScoringException("multi_class must be in ('ovo', 'ovr'): column '" + column
                + "' holds more than two labels, which roc_auc_score rejects.");
    }

    /** {@code sklearn.metrics.roc_auc_score(y_true, y_score)} with defaults, for one column pair. */
    static double rocAucScore(Table truth, String truthColumn, Table submission, String predColumn) {
        boolean[] positive = rocAucTruth(LabelColumn.of(truth, truthColumn));
        double[] scores = finiteScores(submission, predColumn);
        return auc(scores, positive);
    }

    /**
     * Truth for {@code roc_curve} with {@code pos_label=None}: labels must be {0,1} or {-1,1} (or one of them).
     *
     * @throws ScoringException otherwise
     */
    static boolean[] rocCurveTruthDefault(LabelColumn truth) {
        truth.requireClassification();
        if (truth.isText()) {
            throw new ScoringException("y_true takes value in {" + String.join(", ", distinctPreview(truth))
                    + "} and pos_label is not specified: either make y_true take value in {0, 1} or {-1, 1} or "
                    + "pass pos_label explicitly.");
        }
        boolean hasZero = false;
        boolean hasMinus = false;
        for (double v : truth.numbers) {
            if (v == 0) {
                hasZero = true;
            } else if (v == -1) {
                hasMinus = true;
            } else if (v != 1) {
                throw new ScoringException("y_true holds label " + v + "; roc_curve without pos_label needs labels "
                        + "in {0, 1} or {-1, 1}.");
            }
        }
        if (hasZero && hasMinus) {
            throw new ScoringException("y_true holds labels -1, 0 and/or 1; roc_curve without pos_label needs labels "
                    + "in {0, 1} or {-1, 1}.");
        }
        boolean[] positive = new boolean[truth.size()];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = truth.numbers[i] == 1;
        }
        return positive;
    }

    /**
     * Truth for {@code roc_curve(pos_label=1)}: binary or multiclass labels (not continuous, no NaN); positives are the
     * labels equal to 1 (text labels never are).
     */
    static boolean[] rocCurveTruthPosLabel1(LabelColumn truth) {
        truth.requireClassification();
        boolean[] positive = new boolean[truth.size()];
        if (!truth.isText()) {
            for (int i = 0; i < positive.length; i++) {
                positive[i] = truth.numbers[i] == 1;
            }
        }
        return positive;
    }

    private static String[] distinctPreview(LabelColumn truth) {
        return new java.util.TreeSet<>(Arrays.asList(truth.text)).stream().limit(5).toArray(String[]::new);
    }

}
