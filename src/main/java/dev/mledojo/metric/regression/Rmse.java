package dev.mledojo.metric.regression;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.NanPolicy;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Root mean squared error, {@code sqrt(mean((y - yhat)^2))}. Reads {@code nan} (skip | propagate | error, default
 * propagate); with several target columns the squared errors of all cells are pooled into one mean
 * ({@code pooled_columns}, crowdflower), never averaged per column.
 */
@ApplicationScoped
public class Rmse implements Metric {

    @Override
    public String id() {
        return "rmse";
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
        NanPolicy policy = Numeric.nanPolicy(context, NanPolicy.PROPAGATE);
        double mse = PooledErrors.mean(truth, submission, context, PooledErrors.targets(context), policy, (y, p) -> {
            double d = y - p;
            return d * d;
        });
        return Math.sqrt(mse);
    }
}
