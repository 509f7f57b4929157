package dev.mledojo.metric.regression;

import java.util.Locale;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.NanPolicy;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Weighted mean absolute error {@code sum(w |y - yhat|) / D}. Reads {@code weights}: mentioning
 * {@code Weight_Intraday} selects Winton (weight by the id suffix k: 1..60 intraday, 61..62 daily; D = row count),
 * mentioning {@code IsHoliday} selects Walmart (w = 5 on GT holidays, else 1; D = sum of w), otherwise the GT column
 * {@code weight} (bond; D = sum of w). {@code nan}: skip (default; a NaN term drops out of the numerator only, as
 * with {@code np.sum} of a Series) or propagate.
 */
@ApplicationScoped
public class WeightedMae implements Metric {

    @Override
    public String id() {
        return "weighted_mae";
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
        NanPolicy policy = Numeric.nanPolicy(context, NanPolicy.SKIP);
        if (policy == NanPolicy.ERROR) {
            Numeric.requireFinite(y, "truth column '" + target + "'", truth, context);
            Numeric.requireFinite(p, "prediction column '" + context.predictionColumn(target) + "'", truth, context);
        }
        int n = y.length;
        String weights = context.params().string("weights", "").toLowerCase(Locale.ROOT);
        double[] w;
        double denominator;
        if (weights.contains("weight_intraday")) {
            w = wintonWeights(truth, context);
            denominator = n;
        } else {
            w = weights.contains("isholiday") ? holidayWeights(truth) : columnWeights(truth);
            denominator = policy == NanPolicy.SKIP ? Numeric.skipNaNSum(w.clone()) : Numeric.sum(w);
            if (weights.contains("isholiday") && denominator == 0) {
                throw new ScoringException("Sum of weights is zero, cannot compute WMAE.");
            }
        }
        double[] terms = new double[n];
        for (int r = 0; r < n; r++) {
            terms[r] = w[r] * Math.abs(y[r] - p[r]);
        }
        double numerator = policy == NanPolicy.SKIP ? Numeric.skipNaNSum(terms) : Numeric.sum(terms);
        return numerator / denominator;
    }

    private static double[] columnWeights(Table truth) {
        if (!truth.hasColumn("weight")) {
            throw new ScoringException("Ground truth is missing the required 'weight' column.");
        }
        return truth.numbers("weight");
    }

    private static double[] holidayWeights(Table truth) {
        double[] w = new double[truth.rowCount()];
        if (!truth.hasColumn("IsHoliday")) {
            java.util.Arrays.fill(w, 1.0); // the shipped answers have no IsHoliday: plain MAE
            return w;
        }
        String[] holiday = truth.column("IsHoliday");
        for (int r = 0; r < w.length; r++) {
            w[r] = holiday[r] != null && Boolean.TRUE.equals(Table.parseBoolean(holiday[r])) ? 5.0 : 1.0;
        }
        return w;
    }

    private static double[] wintonWeights(Table truth, MetricContext context) {
        double[] intraday = truth.numbers("Weight_Intraday");
        double[] daily = truth.numbers("Weight_Daily");
        String[] ids = truth.strings(context.idColumn());
        double[] w = new double[ids.length];
        for (int r = 0; r < ids.length; r++) {
            int k = returnIndex(ids[r]);
            if (k >= 1 && k <= 60) {
                w[r] = intraday[r];
            } else if (k == 61 || k == 62) {
                w[r] = daily[r];
            } else {
                throw new InvalidSubmissionException(SubmissionErrorKind.MALFORMED_ROW,
                        "Return index in Id '" + ids[r] + "' must be between 1 and 62.");
            }
        }
        return w;
    }

    private static int returnIndex(String id) {
        String[] parts = id.split("_", -1);
        if (parts.length == 2) {
            try {
                return Integer.parseInt(parts[1].strip());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new InvalidSubmissionException(SubmissionErrorKind.MALFORMED_ROW, "Id '" + id
                + "' must be in the format '<window>_<return_index>' (e.g. '1_1').");
    }
}
