package dev.mledojo.metric.regression;

import java.util.Locale;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.NanPolicy;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Symmetric MAPE, {@code mean(2|y - yhat| / (|y| + |yhat|))} times 100 when {@code percent} (default true, range
 * 0..200). Reads {@code zero_zero} (the term of a y = yhat = 0 row, default 0) and {@code nan}: propagate (NumPy,
 * default), skip (pandas mean) or the demand-forecasting prose "contributes 0 ..." (NaN terms drop out of the sum but
 * still count in n).
 */
@ApplicationScoped
public class Smape implements Metric {

    @Override
    public String id() {
        return "smape";
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
        double scale = context.params().bool("percent", true) ? 100.0 : 1.0;
        double zeroZero = context.params().number("zero_zero", 0.0);
        String nan = context.params().string("nan", "propagate").strip().toLowerCase(Locale.ROOT);
        boolean nanCountsZero = nan.startsWith("contributes 0");
        NanPolicy policy = nanCountsZero ? NanPolicy.PROPAGATE : Numeric.nanPolicy(context, NanPolicy.PROPAGATE);
        if (policy == NanPolicy.ERROR) {
            Numeric.requireFinite(y, "truth column '" + target + "'", truth, context);
            Numeric.requireFinite(p, "prediction column '" + context.predictionColumn(target) + "'", truth, context);
        }
        int n = y.length;
        double[] terms = new double[n];
        for (int r = 0; r < n; r++) {
            double denominator = Math.abs(y[r]) + Math.abs(p[r]);
            double term = denominator == 0 ? zeroZero : 2.0 * Math.abs(y[r] - p[r]) / denominator;
            terms[r] = nanCountsZero && Double.isNaN(term) ? 0.0 : term;
        }
        return scale * Numeric.mean(terms, policy);
    }
}
