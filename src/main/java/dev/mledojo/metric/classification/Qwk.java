package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Quadratic weighted kappa ({@code qwk}): {@code sklearn.metrics.cohen_kappa_score(weights='quadratic')}. Weights are
 * squared differences of label INDICES in the sorted union of truth and prediction labels, not of label values; a
 * single label overall gives 0/0 = NaN; NaN, continuous or mixed-type labels fail. No params are read. The weighted
 * sums are computed from per-label counts, so the K x K matrices are never built.
 */
@ApplicationScoped
public class Qwk implements Metric {

    @Override
    public String id() {
        return "qwk";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        LabelColumn.Encoded e = Confusion.encodeChecked(LabelColumn.of(truth, target),
                LabelColumn.of(submission, context.predictionColumn(target)));
        return kappa(e.truth(), e.pred(), e.labelCount());
    }

    static double kappa(int[] a, int[] b, int labels) {
        int n = a.length;
        double observed = 0;
        long[] rows = new long[labels];
        long[] cols = new long[labels];
        for (int i = 0; i < n; i++) {
            double d = a[i] - b[i];
            observed += d * d;
            rows[a[i]]++;
            cols[b[i]]++;
        }
        // sum_ij (i-j)^2 rows_i cols_j / n = sum rows_i i^2 + sum cols_j j^2 - 2 (sum rows_i i)(sum cols_j j) / n
        double ri2 = 0;
        double ri = 0;
        double cj2 = 0;
        double cj = 0;
        for (int k = 0; k < labels; k++) {
            ri2 += (double) rows[k] * k * k;
            ri += (double) rows[k] * k;
            cj2 += (double) cols[k] * k * k;
            cj += (double) cols[k] * k;
        }
        double expected = ri2 + cj2 - 2 * ri * cj / n;
        return 1 - observed / expected;
    }
}
