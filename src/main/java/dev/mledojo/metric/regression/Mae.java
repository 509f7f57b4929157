package dev.mledojo.metric.regression;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.NanPolicy;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mean absolute error, {@code mean(|y - yhat|)}. Reads {@code nan} (skip | propagate | error, default propagate);
 * several target columns are pooled into one mean over all cells ({@code pooled_columns}: battlefin, conways).
 */
@ApplicationScoped
public class Mae implements Metric {

    @Override
    public String id() {
        return "mae";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        NanPolicy policy = Numeric.nanPolicy(context, NanPolicy.PROPAGATE);
        return PooledErrors.mean(truth, submission, context, PooledErrors.targets(context), policy,
                (y, p) -> Math.abs(y - p));
    }
}
