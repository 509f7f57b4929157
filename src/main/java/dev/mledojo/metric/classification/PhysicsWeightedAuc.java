package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The flavours-of-physics grader's weighted AUC ({@code physics_weighted_auc}): rows with truth
 * {@code min_ANNmuon > 0.4}, FPR interpolated on a 10000-point TPR grid, {@code 1 - weighted area / weighted random
 * area} over the TPR segments.
 *
 * <p>Params: {@code segments} (list of [lo, hi, weight], default the four grader segments) and {@code tpr_grid} is
 * fixed at linspace(0, 1, 10000). The truth's target column holds the 0/1 signal (labels must be {0,1} or {-1,1});
 * an empty selection fails evaluation; a single-class selection gives NaN.
 */
@ApplicationScoped
public class PhysicsWeightedAuc implements Metric {

    static final double[][] DEFAULT_SEGMENTS = {{0.0, 0.2, 2.0}, {0.2, 0.4, 1.5}, {0.4, 0.6, 1.0}, {0.6, 0.8, 0.5}};
    static final int GRID = 10000;

    @Override
    public String id() {
        return "physics_weighted_auc";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        if (!truth.hasColumn("min_ANNmuon")) {
            throw new ScoringException("Ground truth data must contain 'min_ANNmuon' column for evaluation.");
        }
        double[] muon = Roc.numericOrFail(truth, "min_ANNmuon");
        int[] keep = new int[muon.length];
        int k = 0;
        for (int i = 0; i < muon.length; i++) {
            if (muon[i] > 0.4) {
                keep[k++] = i;
            }
        }
        if (k == 0) {
            throw new ScoringException("No events with min_ANNmuon > 0.4 were found for evaluation.");
        }
        int[] rows = java.util.Arrays.copyOf(keep, k);
        Table t = truth.selectRows(rows);
        Table s = submission.selectRows(rows);
        String target = context.target();
        boolean[] positive = Roc.rocCurveTruthDefault(LabelColumn.of(t, target));
        double[] scores = Roc.finiteScores(s, context.predictionColumn(target));
        return weighted(Roc.curve(scores, positive), segments(context.params().asMap().get("segments")));
    }

    static double weighted(Roc.Curve curve, double[][] segments) {
        double step = 1.0 / (GRID - 1);
        double[] grid = new double[GRID];
        double[] f = new double[GRID];
        for (int i = 0; i < GRID; i++) {
            grid[i] = i == GRID - 1 ? 1.0 : i * step;
            f[i] = Roc.interp(grid[i], curve.tpr(), curve.fpr());
        }
        double area = 0;
        double random = 0;
        for (double[] seg : segments) {
            double lo = seg[0];
            double hi = seg[1];
            double w = seg[2];
            int from = -1;
            int to = -1;
            for (int i = 0; i < GRID; i++) {
                if (grid[i] >= lo && grid[i] <= hi) {
                    if (from < 0) {
                        from = i;
                    }
                    to = i;
                }
            }
            double part;
            if (from < 0 || to - from + 1 < 2) {
                double fLo = Roc.interp(lo, curve.tpr(), curve.fpr());
                double fHi = Roc.interp(hi, curve.tpr(), curve.fpr());
                part = 0.5 * (fLo + fHi) * (hi - lo);
            } else {
                part = Roc.trapezoid(java.util.Arrays.copyOfRange(f, from, to + 1),
                        java.util.Arrays.copyOfRange(grid, from, to + 1));
            }
            area += w * part;
            random += w * 0.5 * (hi * hi - lo * lo);
        }
        return 1.0 - area / random;
    }

    static double[][] segments(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            return DEFAULT_SEGMENTS;
        }
        double[][] out = new double[list.size()][];
        for (int i = 0; i < out.length; i++) {
            List<?> seg = (List<?>) list.get(i);
            out[i] = new double[] {toDouble(seg.get(0)), toDouble(seg.get(1)), toDouble(seg.get(2))};
        }
        return out;
    }

    private static double toDouble(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.parseDouble(o.toString());
    }
}
