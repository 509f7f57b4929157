package dev.mledojo.metric.regression;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.NanPolicy;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Root mean squared percentage error (rossmann): rows whose truth is 0 are dropped, then
 * {@code sqrt(mean(((y - yhat)/y)^2))}. Reads {@code nan} (default skip: pandas drops NaN terms; propagate also
 * supported); {@code exclude} is documentation only. A truth that is 0 everywhere fails the evaluation.
 */
@ApplicationScoped
public class Rmspe implements Metric {

    @Override
    public String id() {
        return "rmspe";
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
        NanPolicy policy = Numeric.nanPolicy(context, NanPolicy.SKIP);
        double[] terms = new double[y.length];
        int m = 0;
        for (int r = 0; r < y.length; r++) {
            if (y[r] == 0) {
                continue;
            }
            double ratio = (y[r] - p[r]) / y[r];
            terms[m++] = ratio * ratio;
        }
        if (m == 0) {
            throw new ScoringException("All ground-truth " + target + " values are 0: RMSPE is undefined.");
        }
        return Math.sqrt(Numeric.mean(java.util.Arrays.copyOf(terms, m), policy));
    }
}
