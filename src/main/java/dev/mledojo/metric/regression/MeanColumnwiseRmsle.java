package dev.mledojo.metric.regression;

import java.util.List;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Unweighted mean over the target columns of each column's RMSLE. Reads the same keys as {@link Rmsle}: {@code log},
 * {@code nan} (skip | propagate), {@code negative_pred} ("error": a negative prediction is an invalid submission, a
 * negative truth a scoring failure) and {@code clip_min}.
 */
@ApplicationScoped
public class MeanColumnwiseRmsle implements Metric {

    @Override
    public String id() {
        return "mean_columnwise_rmsle";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        LogErrors errors = new LogErrors(context);
        List<String> targets = PooledErrors.targets(context);
        double[] perColumn = new double[targets.size()];
        for (int c = 0; c < targets.size(); c++) {
            double[] terms = errors.squaredLogErrors(truth, submission, context, targets.get(c));
            perColumn[c] = Math.sqrt(Numeric.mean(terms, errors.policy()));
        }
        return Numeric.mean(perColumn);
    }
}
