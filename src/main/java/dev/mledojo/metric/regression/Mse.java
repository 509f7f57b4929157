package dev.mledojo.metric.regression;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.NanPolicy;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mean squared error without the square root ({@code sklearn.metrics.mean_squared_error}; the nyc-taxi grader's
 * known bug). Reads {@code nan} (default error: NaN or inf fails the evaluation); several targets are pooled.
 */
@ApplicationScoped
public class Mse implements Metric {

    @Override
    public String id() {
        return "mse";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        NanPolicy policy = Numeric.nanPolicy(context, NanPolicy.ERROR);
        return PooledErrors.mean(truth, submission, context, PooledErrors.targets(context), policy, (y, p) -> {
            double d = y - p;
            return d * d;
        });
    }
}
