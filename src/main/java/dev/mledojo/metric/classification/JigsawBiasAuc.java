package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Jigsaw unintended-bias score ({@code jigsaw_bias_auc}): {@code w * overall AUC} plus {@code w *} the power mean of
 * subgroup, BPSN and BNSP AUCs over the identity columns present in the truth; NaN components are dropped without
 * renormalising, a NaN overall AUC counts 0.
 *
 * <p>Params: {@code p} (power, default -5), {@code w} (default 0.25), {@code threshold} (default 0.5, applied to the
 * truth {@code toxicity} column, param {@code toxicity_column}, and to identity columns; NaN = not a member). The
 * prediction comes from the submission's target column (default {@code prediction}).
 */
@ApplicationScoped
public class JigsawBiasAuc implements Metric {

    static final List<String> IDENTITIES = List.of("male", "female", "transgender", "other_gender", "heterosexual",
            "homosexual_gay_or_lesbian", "bisexual", "other_sexual_orientation", "christian", "jewish", "muslim",
            "hindu", "buddhist", "atheist", "other_religion", "black", "white", "asian", "latino",
            "other_race_or_ethnicity", "physical_disability", "intellectual_or_learning_disability",
            "psychiatric_or_mental_illness", "other_disability");

    @Override
    public String id() {
        return "jigsaw_bias_auc";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        MetricParams params = context.params();
        double p = params.number("p", -5);
        double w = params.number("w", 0.25);
        double threshold = params.number("threshold", 0.5);
        String toxicityColumn = params.string("toxicity_column", "toxicity");
        String target = context.targetColumns().isEmpty() ? "prediction" : context.target();
        double[] toxicity = Roc.numericOrFail(truth, toxicityColumn);
        double[] pred = Roc.numericOrFail(submission, context.predictionColumn(target));
        int n = toxicity.length;
        boolean[] toxic = new boolean[n];
        for (int i = 0; i < n; i++) {
            toxic[i] = toxicity[i] >= threshold;
        }
        boolean[] all = new boolean[n];
        java.util.Arrays.fill(all, true);
        double overall = safeAuc(toxic, pred, all);
        List<Double> subgroup = new ArrayList<>();
        List<Double> bpsn = new ArrayList<>();
        List<Double> bnsp = new ArrayList<>();
        boolean[] mSub = new boolean[n];
        boolean[] mBpsn = new boolean[n];
        boolean[] mBnsp = new boolean[n];
        for (String identity : IDENTITIES) {
            if (!truth.hasColumn(identity)) {
                continue;
            }
            double[] v = Roc.numericOrFail(truth, identity);
            for (int i = 0; i < n; i++) {
                boolean member = v[i] >= threshold;
                mSub[i] = member;
                mBpsn[i] = toxic[i] ? !member : member;
                mBnsp[i] = toxic[i] ? member : !member;
            }
            subgroup.add(safeAuc(toxic, pred, mSub));
            bpsn.add(safeAuc(toxic, pred, mBpsn));
            bnsp.add(safeAuc(toxic, pred, mBnsp));
        }
        double total = Double.isNaN(overall) ? 0.0 : w * overall;
        for (List<Double> list : List.of(subgroup, bpsn, bnsp)) {
            double mean = powerMean(list, p);
            if (!Double.isNaN(mean)) {
                total += w * mean;
            }
        }
        return Double.isNaN(total) ? 0.0 : total;
    }

    /** The grader's {@code safe_auc}: NaN for an empty or single-class subset, else {@code roc_auc_score}. */
    static double safeAuc(boolean[] toxic, double[] pred, boolean[] mask) {
        int count = 0;
        int pos = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                count++;
                if (toxic[i]) {
                    pos++;
                }
            }
        }
        if (count == 0 || pos == 0 || pos == count) {
            return Double.NaN;
        }
        double[] s = new double[count];
        boolean[] y = new boolean[count];
        int k = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                double v = pred[i];
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    throw new ScoringException("Input contains " + (Double.isNaN(v) ? "NaN" : "infinity")
                            + " (prediction column).");
                }
                s[k] = v;
                y[k] = toxic[i];
                k++;
            }
        }
        return Roc.auc(s, y);
    }

    /** Generalized power mean over the non-NaN values; NaN when there are none. */
    static double powerMean(List<Double> values, double p) {
        double sum = 0;
        int count = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += Math.pow(v, p);
                count++;
            }
        }
        if (count == 0) {
            return Double.NaN;
        }
        return Math.pow(sum / count, 1 / p);
    }
}
