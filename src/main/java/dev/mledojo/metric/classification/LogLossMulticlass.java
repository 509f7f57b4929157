package dev.mledojo.metric.classification;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.NanPolicy;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Multiclass log loss ({@code log_loss_multiclass}): {@code -mean over rows of sum_k y_k ln p_k} over the target
 * columns (one probability column per class, paired by name).
 *
 * <p>Params: {@code eps} (default 1e-15); {@code row_normalize} ({@code none}, {@code after_clip}: clip then divide by
 * the row sum, or {@code before_clip}: divide first by the row sum skipping NaN (pandas), a zero sum counting as 1,
 * then clip, and only the true class's term enters the loss, so a NaN in another class is harmless while a NaN in the
 * true class makes the score NaN (nature-conservancy); the latter also requires 0/1 truth and predictions in
 * [0, 1]); {@code truth} (one-hot as given, or starting with {@code argmax}: the argmax
 * class of each truth row, and with {@code impl} mentioning "inferred from truth" every class must occur in the
 * truth); {@code impl} containing {@code sklearn} (NaN/inf predictions fail, predictions also clipped at float eps);
 * {@code nan} (skip|propagate|error, or free text containing "drop" = skip; default error for sklearn, propagate for
 * before_clip, skip otherwise: pandas drops NaN terms from the row sums).
 */
@ApplicationScoped
public class LogLossMulticlass implements Metric {

    @Override
    public String id() {
        return "log_loss_multiclass";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public boolean readsPredictionsOnlyAsNumbers() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        MetricParams params = context.params();
        double eps = params.number("eps", 1e-15);
        String normalize = params.string("row_normalize", "none").toLowerCase(Locale.ROOT);
        boolean afterClip = normalize.startsWith("after");
        boolean beforeClip = normalize.startsWith("before");
        String truthForm = params.string("truth", "one-hot").toLowerCase(Locale.ROOT);
        boolean argmax = truthForm.startsWith("argmax");
        String impl = params.string("impl", "");
        boolean sklearn = impl.contains("sklearn");
        boolean clipsFirst = LogLossBinary.clipsFirst(impl); // np.clip before sklearn: +-inf is scored, clipped
        boolean strictTruth = truthForm.contains("must be 0/1");
        NanPolicy nan = nanPolicy(params, sklearn ? NanPolicy.ERROR : NanPolicy.SKIP);

        List<String> classes = classColumns(truth, context);
        int k = classes.size();
        int n = truth.rowCount();
        double[][] y = new double[k][];
        double[][] p = new double[k][];
        for (int c = 0; c < k; c++) {
            // only read below: the tables' own arrays, no copies (six columns of a million rows per part)
            y[c] = Roc.numericOrFail(truth, classes.get(c), true);
            p[c] = Roc.numericOrFail(submission, context.predictionColumn(classes.get(c)), true);
        }
        if (strictTruth) {
            checkStrict(y, p, classes, context);
        }
        int[] label = null;
        if (argmax) {
            label = argmax(y, n);
            if (impl.contains("inferred")) {
                boolean[] seen = new boolean[k];
                int distinct = 0;
                for (int l : label) {
                    if (!seen[l]) {
                        seen[l] = true;
                        distinct++;
                    }
                }
                if (distinct == 1) {
                    throw new ScoringException("y_true contains only one label. Please provide the true labels "
                            + "explicitly through the labels argument.");
                }
                if (distinct != k) {
                    throw new ScoringException("y_true and y_pred contain different number of classes " + distinct
                            + ", " + k + ". Please provide the true labels explicitly through the labels argument.");
                }
            }
        }
        double[] row = new double[k];
        double total = 0;
        long rows = 0;
        for (int i = 0; i < n; i++) {
            boolean anyNan = false;
            for (int c = 0; c < k; c++) {
                double v = p[c][i];
                if (Double.isNaN(v)) {
                    anyNan = true;
                } else if (sklearn && !clipsFirst && Double.isInfinite(v)) {
                    throw new ScoringException("Input contains infinity (column '" + classes.get(c) + "', row "
                            + (i + 1) + ").");
                }
                row[c] = v;
            }
            if (anyNan && nan == NanPolicy.ERROR) {
                throw new ScoringException("Input contains NaN (row " + (i + 1) + ").");
            }
            if (beforeClip) {
                double s = sum(row, nan == NanPolicy.ERROR ? NanPolicy.ERROR : NanPolicy.SKIP); // pandas sum
                if (s == 0) {
                    s = 1;
                }
                for (int c = 0; c < k; c++) {
                    row[c] = LogLossBinary.clip(row[c] / s, eps);
                }
            } else {
                for (int c = 0; c < k; c++) {
                    row[c] = LogLossBinary.clip(row[c], eps);
                }
                if (afterClip) {
                    double s = sum(row, nan);
                    for (int c = 0; c < k; c++) {
                        row[c] = row[c] / s;
                    }
                }
            }
            if (sklearn) {
                for (int c = 0; c < k; c++) {
                    row[c] = LogLossBinary.clip(row[c], LogLossBinary.FLOAT_EPS);
                }
            }
            double loss = 0;
            if (label != null) {
                loss = Math.log(row[label[i]]);
            } else if (beforeClip) {
                for (int c = 0; c < k; c++) {
                    if (y[c][i] == 1) {
                        loss += Math.log(row[c]); // only the true class enters; a NaN there propagates
                    }
                }
            } else {
                for (int c = 0; c < k; c++) {
                    double yc = y[c][i];
                    if (sklearn && yc == 0) {
                        continue; // xlogy(0, p) is 0
                    }
                    double term = yc * Math.log(row[c]);
                    if (Double.isNaN(term) && nan == NanPolicy.SKIP) {
                        continue;
                    }
                    loss += term;
                }
            }
            total += loss;
            rows++;
        }
        return -total / rows;
    }

    private static double sum(double[] row, NanPolicy nan) {
        double s = 0;
        for (double v : row) {
            if (Double.isNaN(v) && nan == NanPolicy.SKIP) {
                continue;
            }
            s += v;
        }
        return s;
    }

    private static int[] argmax(double[][] y, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < y.length; c++) {
                if (Double.isNaN(y[best][i])) {
                    break; // NumPy's argmax stops at the first NaN
                }
                if (y[c][i] > y[best][i] || Double.isNaN(y[c][i])) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    private static void checkStrict(double[][] y, double[][] p, List<String> classes, MetricContext context) {
        for (int c = 0; c < y.length; c++) {
            for (double v : y[c]) {
                if (v != 0 && v != 1) {
                    throw new ScoringException("Ground truth column '" + classes.get(c) + "' must hold only 0/1.");
                }
            }
        }
        for (int c = 0; c < p.length; c++) {
            double[] col = p[c];
            for (int i = 0; i < col.length; i++) {
                if (col[i] < 0 || col[i] > 1) {
                    throw new InvalidSubmissionException(SubmissionErrorKind.OUT_OF_RANGE, "Probability values for "
                            + "class " + context.predictionColumn(classes.get(c)) + " must be between 0 and 1 (row "
                            + (i + 1) + " holds " + col[i] + ").");
                }
            }
        }
    }

    /** The task's class columns; when none is usable, every truth column except the id. */
    static List<String> classColumns(Table truth, MetricContext context) {
        List<String> out = new ArrayList<>();
        for (String t : context.targetColumns()) {
            if (truth.hasColumn(t)) {
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            for (String col : truth.columns()) {
                if (!col.equals(context.idColumn())) {
                    out.add(col);
                }
            }
        }
        return out;
    }

    /** The {@code nan} param; here it may be free text ("NaN cells dropped from row sums" = skip). */
    static NanPolicy nanPolicy(MetricParams params, NanPolicy fallback) {
        String v = params.string("nan", null);
        if (v == null) {
            return fallback;
        }
        String s = v.toLowerCase(Locale.ROOT);
        if (s.startsWith("skip") || s.contains("drop")) {
            return NanPolicy.SKIP;
        }
        if (s.startsWith("propagate")) {
            return NanPolicy.PROPAGATE;
        }
        if (s.startsWith("error")) {
            return NanPolicy.ERROR;
        }
        return fallback;
    }
}
