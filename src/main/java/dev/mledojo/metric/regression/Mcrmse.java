package dev.mledojo.metric.regression;

import java.util.List;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.NanPolicy;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mean column-wise RMSE: the unweighted mean over the scored columns of each column's RMSE. Reads
 * {@code scored_columns} (default: all targets; stanford-covid-vaccine scores 3 of 5) and {@code nan} (default skip:
 * pandas drops NaN rows per column).
 */
@ApplicationScoped
public class Mcrmse implements Metric {

    @Override
    public String id() {
        return "mcrmse";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        NanPolicy policy = Numeric.nanPolicy(context, NanPolicy.SKIP);
        List<String> targets = PooledErrors.targets(context);
        double[] perColumn = new double[targets.size()];
        for (int c = 0; c < targets.size(); c++) {
            perColumn[c] = Math.sqrt(PooledErrors.mean(truth, submission, context, List.of(targets.get(c)), policy,
                    (y, p) -> {
                        double d = y - p;
                        return d * d;
                    }));
        }
        return Numeric.mean(perColumn);
    }
}
