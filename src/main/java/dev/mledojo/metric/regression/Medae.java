package dev.mledojo.metric.regression;

import java.util.Arrays;
import java.util.List;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.NanPolicy;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Median absolute error ({@code sklearn.metrics.median_absolute_error}): NumPy's median of {@code |y - yhat|}, the
 * mean of the two middle values for an even count. Reads no params; NaN or inf fails the evaluation.
 */
@ApplicationScoped
public class Medae implements Metric {

    @Override
    public String id() {
        return "medae";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        double[] y = truth.numbers(target);
        double[] p = submission.numbers(context.predictionColumn(target));
        Numeric.requireFiniteIfError(NanPolicy.ERROR, List.of(y), List.of(p), List.of(target), truth, context);
        int n = y.length;
        if (n == 0) {
            throw new ScoringException("Found array with 0 sample(s) while a minimum of 1 is required.");
        }
        double[] errors = new double[n];
        for (int r = 0; r < n; r++) {
            errors[r] = Math.abs(y[r] - p[r]);
        }
        Arrays.sort(errors);
        int mid = n / 2;
        return n % 2 == 1 ? errors[mid] : (errors[mid - 1] + errors[mid]) / 2.0;
    }
}
