package dev.mledojo.metric.regression;

import java.util.List;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Root mean squared logarithmic error, {@code sqrt(mean((log1p(yhat) - log1p(y))^2))}. Reads {@code log} (log1p |
 * log(x+1)), {@code clip_min} (clip both sides first), {@code negative_pred}/{@code impl} (scikit-learn's failure at
 * values <= -1, or "error" rejecting negatives) and {@code nan} (default propagate, error for scikit-learn); several
 * target columns are pooled into one mean ({@code pooled_columns}, see-click-predict-fix).
 */
@ApplicationScoped
public class Rmsle implements Metric {

    @Override
    public String id() {
        return "rmsle";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        LogErrors errors = new LogErrors(context);
        List<String> targets = PooledErrors.targets(context);
        int n = truth.rowCount();
        double[] pooled = new double[n * targets.size()];
        for (int c = 0; c < targets.size(); c++) {
            double[] terms = errors.squaredLogErrors(truth, submission, context, targets.get(c));
            System.arraycopy(terms, 0, pooled, c * n, n);
        }
        return Math.sqrt(Numeric.mean(pooled, errors.policy()));
    }
}
