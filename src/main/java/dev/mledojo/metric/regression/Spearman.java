package dev.mledojo.metric.regression;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Spearman rank correlation ({@code scipy.stats.spearmanr}, average ranks for ties). GT rows whose target is missing
 * are dropped together with their submission rows (novozymes, param {@code drop}); a missing prediction or a constant
 * input gives NaN. Reads no other params.
 */
@ApplicationScoped
public class Spearman implements Metric {

    @Override
    public String id() {
        return "spearman";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        double[] y = truth.numbers(target);
        double[] p = submission.numbers(context.predictionColumn(target));
        int m = 0;
        for (double v : y) {
            if (!Double.isNaN(v)) {
                m++;
            }
        }
        double[] ys = new double[m];
        double[] ps = new double[m];
        int k = 0;
        for (int r = 0; r < y.length; r++) {
            if (!Double.isNaN(y[r])) {
                ys[k] = y[r];
                ps[k++] = p[r];
            }
        }
        return Correlations.spearman(ys, ps);
    }
}
