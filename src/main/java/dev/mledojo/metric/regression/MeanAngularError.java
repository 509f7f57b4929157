package dev.mledojo.metric.regression;

import java.util.List;
import java.util.Locale;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mean angular distance in radians between true and predicted directions (icecube): per row
 * {@code arccos(clip(sin zt sin zp cos(at - ap) + cos zt cos zp))}, NumPy mean (NaN propagates). Reads
 * {@code clip_cos} (default [-1, 1]); the azimuth and zenith targets are found by name, else taken in that order.
 */
@ApplicationScoped
public class MeanAngularError implements Metric {

    @Override
    public String id() {
        return "mean_angular_error";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        List<String> targets = context.targetColumns();
        String azimuth = find(targets, "azimuth", 0);
        String zenith = find(targets, "zenith", 1);
        List<String> clip = context.params().strings("clip_cos");
        double lo = clip.size() == 2 ? Double.parseDouble(clip.get(0)) : -1.0;
        double hi = clip.size() == 2 ? Double.parseDouble(clip.get(1)) : 1.0;
        double[] at = truth.numbers(azimuth);
        double[] zt = truth.numbers(zenith);
        double[] ap = submission.numbers(context.predictionColumn(azimuth));
        double[] zp = submission.numbers(context.predictionColumn(zenith));
        int n = at.length;
        double[] errors = new double[n];
        for (int r = 0; r < n; r++) {
            double cos = Math.sin(zt[r]) * Math.sin(zp[r]) * Math.cos(at[r] - ap[r]) + Math.cos(zt[r]) * Math.cos(zp[r]);
            // np.clip keeps NaN; Math.max/min do too
            errors[r] = Math.acos(Math.min(Math.max(cos, lo), hi));
        }
        return Numeric.mean(errors);
    }

    private static String find(List<String> targets, String name, int fallback) {
        for (String t : targets) {
            if (t.toLowerCase(Locale.ROOT).contains(name)) {
                return t;
            }
        }
        if (targets.size() <= fallback) {
            throw new IllegalStateException("mean_angular_error needs azimuth and zenith target columns, got " + targets);
        }
        return targets.get(fallback);
    }
}
