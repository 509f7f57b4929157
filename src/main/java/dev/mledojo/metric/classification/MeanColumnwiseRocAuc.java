package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Unweighted mean of per-column ROC AUCs ({@code mean_columnwise_roc_auc}); a single-class column gives NaN, so the
 * mean is NaN.
 *
 * <p>Params: {@code on_error} ({@code raise}, default, or a number such as 0.5/0.0 that replaces the AUC of a column
 * that fails, e.g. text/NaN scores or ranzcr's PatientID); {@code impl} containing {@code 2-D} or
 * {@code column_pairing} starting with {@code positional} (jigsaw-toxic: every non-id column of the truth is paired
 * with the submission's non-id column at the same position); {@code drop_rows} (rows whose target columns sum below
 * 0 are dropped).
 */
@ApplicationScoped
public class MeanColumnwiseRocAuc implements Metric {

    @Override
    public String id() {
        return "mean_columnwise_roc_auc";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        MetricParams params = context.params();
        boolean positional = params.string("impl", "").contains("2-D")
                || params.string("column_pairing", "").startsWith("positional");
        if (params.has("drop_rows")) {
            int[] keep = scoredRows(truth, context.targetColumns());
            if (keep.length != truth.rowCount()) {
                truth = truth.selectRows(keep);
                submission = submission.selectRows(keep);
            }
        }
        List<String> truthCols = new ArrayList<>();
        List<String> predCols = new ArrayList<>();
        if (positional) {
            truthCols.addAll(nonId(truth.columns(), context.idColumn()));
            predCols.addAll(nonId(submission.columns(), context.idColumn()));
            if (truthCols.size() != predCols.size()) {
                throw new ScoringException("y_true and y_score have different shapes: the truth has "
                        + truthCols.size() + " label columns, the submission " + predCols.size()
                        + " (columns are paired by position).");
            }
        } else {
            for (String target : context.targetColumns()) {
                truthCols.add(target);
                predCols.add(context.predictionColumn(target));
            }
        }
        Object onError = params.asMap().get("on_error");
        double fallback = onError instanceof Number num ? num.doubleValue() : Double.NaN;
        boolean raise = !(onError instanceof Number);
        double sum = 0;
        for (int c = 0; c < truthCols.size(); c++) {
            double auc;
            try {
                auc = Roc.rocAucScore(truth, truthCols.get(c), submission, predCols.get(c));
            } catch (ScoringException e) {
                if (raise) {
                    throw e;
                }
                auc = fallback;
            }
            sum += auc;
        }
        return sum / truthCols.size();
    }

    private static List<String> nonId(List<String> columns, String id) {
        List<String> out = new ArrayList<>(columns);
        if (out.contains(id)) {
            out.remove(id);
        } else if (!out.isEmpty()) {
            out.remove(0);
        }
        return out;
    }

    /** Rows whose target labels sum to 0 or more (Kaggle marks unscored rows with -1 in every label). */
    private static int[] scoredRows(Table truth, List<String> targets) {
        int n = truth.rowCount();
        double[] sums = new double[n];
        for (String t : targets) {
            double[] v = Roc.numericOrFail(truth, t);
            for (int i = 0; i < n; i++) {
                sums[i] += v[i];
            }
        }
        int[] keep = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!(sums[i] < 0)) {
                keep[k++] = i;
            }
        }
        return java.util.Arrays.copyOf(keep, k);
    }
}
