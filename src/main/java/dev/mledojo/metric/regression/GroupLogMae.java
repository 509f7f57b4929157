package dev.mledojo.metric.regression;

import java.util.HashMap;
import java.util.Map;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Group log-MAE (champs-scalar-coupling): group rows by a GT column, per group {@code ln(max(MAE, floor))} with a
 * pandas mean (NaN rows skipped; a group with no finite error gives NaN), then the mean over groups. Reads
 * {@code group_column} (its first word, default {@code type}) and {@code floor} (default 1e-9). Rows whose group is
 * missing are dropped, as pandas groupby does. The reference's inner merge on id is the grader's by-id pairing.
 */
@ApplicationScoped
public class GroupLogMae implements Metric {

    @Override
    public String id() {
        return "group_log_mae";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String groupColumn = firstWord(context.params().string("group_column", "type"));
        double floor = context.params().number("floor", 1e-9);
        if (!truth.hasColumn(groupColumn)) {
            throw new ScoringException("Ground truth must contain a '" + groupColumn + "' column for the groups.");
        }
        String target = context.target();
        double[] y = truth.numbers(target);
        double[] p = submission.numbers(context.predictionColumn(target));
        String[] groups = truth.column(groupColumn);
        Map<String, Integer> index = new HashMap<>();
        int n = y.length;
        int[] groupOf = new int[n];
        for (int r = 0; r < n; r++) {
            groupOf[r] = groups[r] == null ? -1 : index.computeIfAbsent(groups[r], k -> index.size());
        }
        int g = index.size();
        double[] sums = new double[g];
        long[] counts = new long[g];
        for (int r = 0; r < n; r++) {
            int k = groupOf[r];
            double e = Math.abs(y[r] - p[r]);
            if (k >= 0 && !Double.isNaN(e)) {
                sums[k] += e;
                counts[k]++;
            }
        }
        double[] logs = new double[g];
        for (int k = 0; k < g; k++) {
            double mae = counts[k] == 0 ? Double.NaN : sums[k] / counts[k];
            // Python's max(nan, floor) returns nan
            logs[k] = Math.log(Double.isNaN(mae) ? mae : Math.max(mae, floor));
        }
        return Numeric.mean(logs);
    }

    private static String firstWord(String s) {
        String t = s.strip();
        int end = 0;
        while (end < t.length() && !Character.isWhitespace(t.charAt(end)) && t.charAt(end) != '(') {
            end++;
        }
        return end == 0 ? "type" : t.substring(0, end);
    }
}
