package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.NanPolicy;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Binary log loss ({@code log_loss_binary}): {@code -mean(y ln p + (1-y) ln(1-p))} with p clipped to
 * {@code [eps, 1-eps]}.
 *
 * <p>Params: {@code eps} (default float64 eps 2.22e-16, what {@code sklearn.log_loss} 1.6.1 clips to); {@code impl}:
 * any value containing {@code sklearn} (default) takes the classes from the truth (larger label positive; a single
 * class or more than two fail; NaN predictions fail; the complement {@code 1-p} is clipped again at float eps), while
 * {@code manual numpy} uses the 0/1 truth values directly; {@code nan} (skip|propagate|error; default error for
 * sklearn, propagate for manual). An {@code impl} starting with {@code clip} (avazu, bnp: {@code np.clip} before
 * {@code log_loss}) scores an infinite prediction as clipped to {@code [eps, 1-eps]}; plain sklearn refuses it.
 */
@ApplicationScoped
public class LogLossBinary implements Metric {

    static final double FLOAT_EPS = Math.ulp(1.0);

    @Override
    public String id() {
        return "log_loss_binary";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        MetricParams params = context.params();
        String impl = params.string("impl", "sklearn.log_loss");
        boolean sklearn = impl.contains("sklearn");
        // "clip then sklearn": np.clip(p, eps, 1-eps) runs before sklearn's finiteness check, so +-inf is scored
        boolean clipsFirst = clipsFirst(impl);
        double eps = params.number("eps", FLOAT_EPS);
        NanPolicy nan = context.nanPolicy(sklearn ? NanPolicy.ERROR : NanPolicy.PROPAGATE);
        String target = context.target();
        double[] p = Roc.numericOrFail(submission, context.predictionColumn(target));
        double[] y;
        if (sklearn) {
            boolean[] positive = classes(LabelColumn.of(truth, target));
            y = new double[positive.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = positive[i] ? 1 : 0;
            }
        } else {
            y = Roc.numericOrFail(truth, target);
        }
        double sum = 0;
        long count = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i];
            if (Double.isNaN(pi)) {
                if (nan == NanPolicy.ERROR) {
                    throw new ScoringException("Input contains NaN (prediction in row " + (i + 1) + ").");
                }
                if (nan == NanPolicy.SKIP) {
                    continue;
                }
            } else if (sklearn && !clipsFirst && Double.isInfinite(pi)) {
                throw new ScoringException("Input contains infinity (prediction in row " + (i + 1) + ").");
            }
            double q = clip(pi, eps);
            double term;
            if (sklearn) {
                // sklearn builds [1-p, p] from the (already clipped) p and clips both at float eps
                term = y[i] == 1 ? Math.log(clip(q, FLOAT_EPS)) : Math.log(clip(1 - q, FLOAT_EPS));
            } else {
                term = y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q);
            }
            sum += term;
            count++;
        }
        return -sum / count;
    }

    /** An {@code impl} that clips the predictions before the library sees them (avazu, bnp, llm-classification). */
    static boolean clipsFirst(String impl) {
        return impl.strip().toLowerCase(java.util.Locale.ROOT).startsWith("clip");
    }

    static double clip(double p, double eps) {
        return p < eps ? eps : p > 1 - eps ? 1 - eps : p; // NaN passes through, as np.clip
    }

    /** The truth classes {@code sklearn.log_loss} infers: exactly two labels, the larger one positive. */
    static boolean[] classes(LabelColumn truth) {
        truth.requireClassification();
        int distinct = truth.distinctCount();
        if (distinct == 1) {
            throw new ScoringException("y_true contains only one label. Please provide the true labels explicitly "
                    + "through the labels argument.");
        }
        if (distinct > 2) {
            throw new ScoringException("y_true and y_pred contain different number of classes " + distinct
                    + ", 2.");
        }
        return Roc.rocAucTruth(truth);
    }
}
