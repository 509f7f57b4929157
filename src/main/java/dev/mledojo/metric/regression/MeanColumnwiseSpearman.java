package dev.mledojo.metric.regression;

import java.util.List;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mean over the target columns (paired by name) of each column's Spearman correlation (google-quest-challenge); an
 * undefined correlation (constant column, NaN) counts as {@code nan_to} (default 0.0). Reads {@code nan_to}.
 */
@ApplicationScoped
public class MeanColumnwiseSpearman implements Metric {

    @Override
    public String id() {
        return "mean_columnwise_spearman";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        double nanTo = context.params().number("nan_to", 0.0);
        List<String> targets = context.targetColumns();
        double[] perColumn = new double[targets.size()];
        for (int c = 0; c < targets.size(); c++) {
            String target = targets.get(c);
            double rho = Correlations.spearman(truth.numbers(target),
                    submission.numbers(context.predictionColumn(target)));
            perColumn[c] = Double.isNaN(rho) ? nanTo : rho;
        }
        return Numeric.mean(perColumn);
    }
}
