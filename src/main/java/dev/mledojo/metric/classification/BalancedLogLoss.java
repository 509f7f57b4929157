package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Balanced binary log loss ({@code balanced_log_loss}, icr): each class's mean log loss, averaged over the two
 * classes, after dividing the predictions by their row sum (a zero sum becomes {@code eps}) and clipping to
 * {@code [eps, 1-eps]}; a class absent from the truth contributes 0, NaN terms are skipped (pandas). A row with a
 * missing probability has a NaN row sum, so its term is dropped from the sum but the row still counts in its
 * class's N, as in the reference.
 *
 * <p>Params: {@code eps} (default 1e-15), {@code truth_column} (default {@code Class}, a 0/1 column of the truth). The
 * submission columns are the two target columns (default {@code class_0}, {@code class_1}).
 */
@ApplicationScoped
public class BalancedLogLoss implements Metric {

    @Override
    public String id() {
        return "balanced_log_loss";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        double eps = context.params().number("eps", 1e-15);
        List<String> targets = context.targetColumns().size() == 2 ? context.targetColumns()
                : List.of("class_0", "class_1");
        String col0 = context.predictionColumn(targets.get(0));
        String col1 = context.predictionColumn(targets.get(1));
        String truthColumn = context.params().string("truth_column", "Class");
        double[] cls;
        if (truth.hasColumn(truthColumn)) {
            cls = Roc.numericOrFail(truth, truthColumn);
        } else if (truth.hasColumn(targets.get(1))) {
            cls = Roc.numericOrFail(truth, targets.get(1)); // one-hot truth: class 1 indicator
        } else {
            throw new ScoringException("Ground truth must have a '" + truthColumn + "' column.");
        }
        double[] p0 = Roc.numericOrFail(submission, col0);
        double[] p1 = Roc.numericOrFail(submission, col1);
        double sum0 = 0;
        double sum1 = 0;
        long n0 = 0;
        long n1 = 0;
        for (int i = 0; i < cls.length; i++) {
            double a = p0[i];
            double b = p1[i];
            double s = a + b; // pandas: a missing probability makes the row sum, so both terms, NaN (dropped)
            if (s == 0) {
                s = eps;
            }
            if (cls[i] == 0) {
                n0++;
                double q = LogLossBinary.clip(a / s, eps);
                if (!Double.isNaN(q)) {
                    sum0 += Math.log(q);
                }
            } else if (cls[i] == 1) {
                n1++;
                double q = LogLossBinary.clip(b / s, eps);
                if (!Double.isNaN(q)) {
                    sum1 += Math.log(q);
                }
            }
        }
        double l0 = n0 == 0 ? 0 : -sum0 / n0;
        double l1 = n1 == 0 ? 0 : -sum1 / n1;
        return (l0 + l1) / 2;
    }
}
