package dev.mledojo.metric.regression;

import java.util.List;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.NanPolicy;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Coefficient of determination ({@code sklearn.metrics.r2_score}, {@code force_finite=True}): {@code 1 - SS_res/SS_tot};
 * a constant truth gives 1.0 for perfect predictions, else 0.0; fewer than two rows give NaN. Reads no params;
 * NaN or inf fails the evaluation.
 */
@ApplicationScoped
public class R2 implements Metric {

    @Override
    public String id() {
        return "r2";
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
        Numeric.requireFiniteIfError(NanPolicy.ERROR, List.of(y), List.of(p), List.of(target), truth, context);
        int n = y.length;
        if (n < 2) {
            return Double.NaN; // sklearn warns "R^2 score is not well-defined with less than two samples."
        }
        double mean = Numeric.sum(y) / n;
        double[] residual = new double[n];
        double[] total = new double[n];
        for (int r = 0; r < n; r++) {
            double e = y[r] - p[r];
            residual[r] = e * e;
            double t = y[r] - mean;
            total[r] = t * t;
        }
        double numerator = Numeric.sum(residual);
        double denominator = Numeric.sum(total);
        if (denominator == 0) {
            return numerator == 0 ? 1.0 : 0.0;
        }
        return 1.0 - numerator / denominator;
    }
}
