package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Matthews correlation ({@code mcc}): {@code sklearn.metrics.matthews_corrcoef}, multiclass-capable, computed from
 * the confusion margins in float64 as scikit-learn does; 0.0 when the denominator is 0 (e.g. constant predictions).
 * Label typing as scikit-learn (NaN, continuous or mixed types fail). No params are read.
 */
@ApplicationScoped
public class Mcc implements Metric {

    @Override
    public String id() {
        return "mcc";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        Confusion c = Confusion.of(Confusion.encodeChecked(LabelColumn.of(truth, target),
                LabelColumn.of(submission, context.predictionColumn(target))));
        double n = c.n;
        double correct = 0;
        double tp = 0;
        double pp = 0;
        double tt = 0;
        for (int l = 0; l < c.labels(); l++) {
            correct += c.truePositives[l];
            tp += (double) c.trueCounts[l] * c.predCounts[l];
            pp += (double) c.predCounts[l] * c.predCounts[l];
            tt += (double) c.trueCounts[l] * c.trueCounts[l];
        }
        double covYtYp = correct * n - tp;
        double covYpYp = n * n - pp;
        double covYtYt = n * n - tt;
        double denominator = covYpYp * covYtYt;
        if (denominator == 0) {
            return 0.0;
        }
        return covYtYp / Math.sqrt(denominator);
    }
}
