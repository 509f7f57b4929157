package dev.mledojo.metric.regression;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.NanPolicy;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.Table;

/** The mean of a per-cell error term pooled over all target columns (one column is the usual case). */
final class PooledErrors {

    private PooledErrors() {
    }

    /**
     * Mean over every (row, target) cell of {@code term(y, yhat)} under the policy: ERROR fails on NaN/inf input
     * (scikit-learn), SKIP drops NaN cells (pandas), PROPAGATE lets NaN through (NumPy).
     */
    static double mean(Table truth, Table submission, MetricContext context, List<String> targets, NanPolicy policy,
            DoubleBinaryOperator term) {
        List<double[]> ys = new ArrayList<>(targets.size());
        List<double[]> ps = new ArrayList<>(targets.size());
        for (String target : targets) {
            ys.add(truth.numbers(target));
            ps.add(submission.numbers(context.predictionColumn(target)));
        }
        Numeric.requireFiniteIfError(policy, ys, ps, targets, truth, context);
        int n = truth.rowCount();
        double[] terms = new double[n * targets.size()];
        int k = 0;
        for (int c = 0; c < targets.size(); c++) {
            double[] y = ys.get(c);
            double[] p = ps.get(c);
            for (int r = 0; r < n; r++) {
                terms[k++] = term.applyAsDouble(y[r], p[r]);
            }
        }
        if (policy == NanPolicy.ERROR && terms.length == 0) {
            throw new dev.mledojo.metric.ScoringException("Found array with 0 sample(s) while a minimum of 1 is required.");
        }
        return Numeric.mean(terms, policy);
    }

    /** The columns a pooled metric scores: every target (pooled_columns only documents the pooling). */
    static List<String> targets(MetricContext context) {
        List<String> scored = context.params().strings("scored_columns");
        return scored.isEmpty() ? context.targetColumns() : scored;
    }
}
