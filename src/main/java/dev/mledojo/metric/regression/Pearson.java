package dev.mledojo.metric.regression;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Pearson correlation ({@code scipy.stats.pearsonr(y, yhat)[0]}): NaN for constant or non-finite input; fewer than
 * two rows fail the evaluation as in scipy. Reads no params.
 */
@ApplicationScoped
public class Pearson implements Metric {

    @Override
    public String id() {
        return "pearson";
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
        if (y.length < 2) {
            throw new ScoringException("x and y must have length at least 2.");
        }
        return Correlations.pearson(y, p);
    }
}
