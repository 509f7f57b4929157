package dev.mledojo.metric.ranking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.PyStrings;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Pooled Kendall-tau by swap counting (AI4Code): per notebook the predicted cell order is mapped to true positions and
 * its inversions counted; score = {@code 1 - 4 * sum(inversions) / sum(n (n - 1))} with n the true length, 1.0 when
 * the denominator is 0. Reads no params ({@code formula}, {@code n}, {@code empty} document this). Rows are paired by
 * id by the grader; each row must list exactly the notebook's cells, else the submission is invalid.
 */
@ApplicationScoped
public class KendallTauSwaps implements Metric {

    @Override
    public String id() {
        return "kendall_tau_swaps";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        String predColumn = context.predictionColumn(target);
        String[] t = truth.column(target);
        String[] p = submission.column(predColumn);
        long inversions = 0;
        long pairs = 0;
        for (int r = 0; r < t.length; r++) {
            String[] trueOrder = t[r] == null ? new String[0] : PyStrings.split(t[r]);
            String[] predOrder = p[r] == null ? new String[0] : PyStrings.split(p[r]);
            Map<String, Integer> position = new HashMap<>(trueOrder.length * 2);
            for (int i = 0; i < trueOrder.length; i++) {
                position.putIfAbsent(trueOrder[i], i);
            }
            int[] ranks = new int[predOrder.length];
            List<String> unexpected = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < predOrder.length; i++) {
                Integer pos = position.get(predOrder[i]);
                if (pos == null) {
                    unexpected.add(predOrder[i]);
                } else {
                    ranks[i] = pos;
                    seen.add(predOrder[i]);
                }
            }
            if (!unexpected.isEmpty() || seen.size() != position.size()) {
                List<String> missing = new ArrayList<>();
                for (String cell : position.keySet()) {
                    if (!seen.contains(cell)) {
                        missing.add(cell);
                    }
                }
                throw new InvalidSubmissionException(SubmissionErrorKind.MALFORMED_ROW, "Cell ids mismatch for notebook "
                        + Numeric.rowLabel(truth, context, r) + ": " + describe("missing", missing) + "; "
                        + describe("unexpected", unexpected) + ". List every cell id of the notebook exactly once.");
            }
            inversions += countInversions(ranks);
            long n = trueOrder.length;
            pairs += n * (n - 1);
        }
        if (pairs == 0) {
            return 1.0;
        }
        return 1.0 - (double) (4 * inversions) / (double) pairs;
    }

    private static String describe(String what, List<String> cells) {
        if (cells.isEmpty()) {
            return "no " + what + " cells";
        }
        List<String> shown = cells.size() > 5 ? cells.subList(0, 5) : cells;
        return cells.size() + " " + what + " (" + String.join(", ", shown) + (cells.size() > 5 ? ", ..." : "") + ")";
    }

    /** Pairs i < j with a[i] > a[j] (ties do not count), by merge sort in O(n log n). */
    static long countInversions(int[] a) {
        int[] work = a.clone();
        int[] buffer = new int[a.length];
        return sortCount(work, buffer, 0, a.length);
    }

    private static long sortCount(int[] a, int[] buffer, int from, int to) {
        if (to - from < 2) {
            return 0;
        }
        int mid = (from + to) >>> 1;
        long count = sortCount(a, buffer, from, mid) + sortCount(a, buffer, mid, to);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            if (a[i] <= a[j]) {
                buffer[k++] = a[i++];
            } else {
                count += mid - i;
                buffer[k++] = a[j++];
            }
        }
        while (i < mid) {
            buffer[k++] = a[i++];
        }
        while (j < to) {
            buffer[k++] = a[j++];
        }
        System.arraycopy(buffer, from, a, from, to - from);
        return count;
    }
}
