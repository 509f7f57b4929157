package dev.mledojo.metric.regression;

import java.util.Locale;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.NanPolicy;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;

/** Squared logarithmic errors of one column with the RMSLE variants of METRICS.md (log form, clipping, negatives). */
final class LogErrors {

    /** What a negative value does. */
    enum Negatives {
        /** NumPy/pandas: log1p of (-1, 0) is finite, -1 gives -inf, below -1 gives NaN. */
        NATURAL,
        /** scikit-learn 1.6.1 {@code mean_squared_log_error}: any value <= -1 fails the evaluation. */
        SKLEARN,
        /** covid19 week-3, tps-jul-2021: any negative value is rejected. */
        REJECT
    }

    private final boolean plusOne;
    private final double clipMin;
    private final Negatives negatives;
    private final NanPolicy policy;

    LogErrors(MetricContext context) {
        String log = context.params().string("log", "log1p").replace(" ", "").toLowerCase(Locale.ROOT);
        this.plusOne = log.equals("log(x+1)");
        this.clipMin = context.params().number("clip_min", Double.NaN);
        String negative = context.params().string("negative_pred", "").strip().toLowerCase(Locale.ROOT);
        String impl = context.params().string("impl", "");
        if (negative.startsWith("error if") || impl.contains("mean_squared_log_error")) {
            negatives = Negatives.SKLEARN;
        } else if (negative.equals("error")) {
            negatives = Negatives.REJECT;
        } else {
            negatives = Negatives.NATURAL;
        }
        this.policy = Numeric.nanPolicy(context, negatives == Negatives.SKLEARN ? NanPolicy.ERROR : NanPolicy.PROPAGATE);
    }

    NanPolicy policy() {
        return policy;
    }

    /** Validates one column pair as the reference does and returns {@code (log(yhat+1) - log(y+1))^2} per row. */
    double[] squaredLogErrors(Table truth, Table submission, MetricContext context, String target) {
        String predColumn = context.predictionColumn(target);
        double[] y = truth.numbers(target);
        double[] p = submission.numbers(predColumn);
        if (policy == NanPolicy.ERROR) {
            Numeric.requireFinite(y, "truth column '" + target + "'", truth, context);
            Numeric.requireFinite(p, "prediction column '" + predColumn + "'", truth, context);
        }
        if (negatives == Negatives.SKLEARN) {
            for (int r = 0; r < y.length; r++) {
                if (y[r] <= -1 || p[r] <= -1) {
                    throw new ScoringException("Mean Squared Logarithmic Error cannot be used when targets contain "
                            + "values less than or equal to -1 (" + Numeric.rowLabel(truth, context, r) + ").");
                }
            }
        } else if (negatives == Negatives.REJECT) {
            for (int r = 0; r < y.length; r++) {
                if (y[r] < 0) {
                    throw new ScoringException("Negative values found in truth column '" + target + "' ("
                            + Numeric.rowLabel(truth, context, r) + ").");
                }
            }
            for (int r = 0; r < p.length; r++) {
                if (p[r] < 0) {
                    throw new InvalidSubmissionException(SubmissionErrorKind.OUT_OF_RANGE,
                            "Negative values found in column '" + predColumn + "': " + Numeric.rowLabel(truth, context, r)
                                    + " has " + p[r] + "; predictions must be >= 0.");
                }
            }
        }
        double[] terms = new double[y.length];
        for (int r = 0; r < y.length; r++) {
            double d = log(p[r]) - log(y[r]);
            terms[r] = d * d;
        }
        return terms;
    }

    private double log(double x) {
        double v = Double.isNaN(clipMin) ? x : Math.max(x, clipMin); // Math.max keeps NaN, like np.clip
        return plusOne ? Math.log(v + 1.0) : Math.log1p(v);
    }
}
