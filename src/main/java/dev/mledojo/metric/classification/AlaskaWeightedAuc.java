package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The alaska2 grader's own weighted AUC ({@code alaska_weighted_auc}): FPR area per TPR band read from the
 * drop_intermediate ROC curve without interpolation at the band edges, {@code 1 - sum(w * area) / sum(w)}.
 *
 * <p>Params: {@code tpr_bands} (default [0, 0.4, 1]) and {@code weights} (default [2, 1]). Truth labels must be
 * {0,1} or {-1,1}. An all-positive truth gives NaN; an all-negative truth gives 1.0 (NaN TPRs select no band), as the
 * reference does.
 */
@ApplicationScoped
public class AlaskaWeightedAuc implements Metric {

    @Override
    public String id() {
        return "alaska_weighted_auc";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        boolean[] positive = Roc.rocCurveTruthDefault(LabelColumn.of(truth, target));
        double[] scores = Roc.finiteScores(submission, context.predictionColumn(target));
        double[] bands = numbers(context.params().strings("tpr_bands"), new double[] {0.0, 0.4, 1.0});
        double[] weights = numbers(context.params().strings("weights"), new double[] {2, 1});
        return weighted(Roc.curve(scores, positive), bands, weights);
    }

    static double weighted(Roc.Curve curve, double[] bands, double[] weights) {
        double[] fpr = curve.fpr();
        double[] tpr = curve.tpr();
        double total = 0;
        double weightSum = 0;
        for (int b = 0; b < weights.length; b++) {
            weightSum += weights[b];
            double t0 = bands[b];
            double t1 = bands[b + 1];
            int start = searchLeft(tpr, t0);
            int end = searchRight(tpr, t1);
            if (start < end) {
                int m = end - start + 2;
                double[] x = new double[m];
                double[] y = new double[m];
                x[0] = t0;
                y[0] = fpr[start];
                for (int k = start; k < end; k++) {
                    x[k - start + 1] = tpr[k];
                    y[k - start + 1] = fpr[k];
                }
                x[m - 1] = t1;
                y[m - 1] = fpr[end - 1];
                total += weights[b] * Roc.trapezoid(y, x);
            }
        }
        return 1 - total / weightSum;
    }

    /** NumPy {@code searchsorted(a, v, 'left')} with NaN sorted last. */
    static int searchLeft(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Double.compare(a[mid], v) < 0 && !Double.isNaN(a[mid])) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** NumPy {@code searchsorted(a, v, 'right')} with NaN sorted last. */
    static int searchRight(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (!Double.isNaN(a[mid]) && a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static double[] numbers(List<String> values, double[] fallback) {
        if (values.isEmpty()) {
            return fallback;
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.parseDouble(values.get(i));
        }
        return out;
    }
}
