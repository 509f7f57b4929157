package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.PyOrder;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Normalized Gini ({@code normalized_gini}): {@code G(a, p) / G(a, a)} with the rows ordered by descending prediction,
 * 0.0 when {@code G(a, a) == 0} or {@code sum(a) == 0}.
 *
 * <p>As in the reference, the rows are first put in the order of the id as text ({@link PyOrder}); param
 * {@code order} then decides the order of tied predictions with a stable sort: {@code argsort_ascending(-pred)}
 * (porto-seguro, default: ties keep id-text order) or {@code reverse(argsort_ascending(pred))} (liberty-mutual: ties
 * in reverse id-text order). NumPy's own argsort is not stable (on AVX-512 CPUs not even for a handful of rows), so
 * tied predictions may still differ from the reference.
 */
@ApplicationScoped
public class NormalizedGini implements Metric {

    @Override
    public String id() {
        return "normalized_gini";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truthInFileOrder, Table alignedSubmission, MetricContext context) {
        Table[] sorted = PyOrder.sortedByIdText(truthInFileOrder, alignedSubmission, context.idColumn());
        Table truth = sorted[0];
        Table submission = sorted[1];
        String target = context.target();
        double[] a = Roc.numericOrFail(truth, target);
        double[] p = Roc.numericOrFail(submission, context.predictionColumn(target));
        boolean reversed = context.params().string("order", "argsort_ascending(-pred)").startsWith("reverse");
        double guard = context.params().number("zero_guard", 0.0);
        double perfect = gini(a, a, reversed);
        if (perfect == 0) {
            return guard;
        }
        return gini(a, p, reversed) / perfect;
    }

    static double gini(double[] a, double[] p, boolean reversed) {
        int n = a.length;
        int[] order;
        if (reversed) {
            int[] asc = Sorting.stableAscending(p);
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = asc[n - 1 - i];
            }
        } else {
            double[] neg = new double[n];
            for (int i = 0; i < n; i++) {
                neg[i] = -p[i];
            }
            order = Sorting.stableAscending(neg);
        }
        double total = 0;
        for (double v : a) {
            total += v;
        }
        if (total == 0) {
            return 0.0;
        }
        double cum = 0;
        double sumCum = 0;
        for (int i = 0; i < n; i++) {
            cum += a[order[i]];
            sumCum += cum;
        }
        return (sumCum / total - (n + 1) / 2.0) / n;
    }
}
