package dev.mledojo.metric.regression;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.PyStrings;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mean over rows of the Spearman correlation between two space-separated integer lists (draper): a cell that does not
 * parse, or lists of different lengths, make the submission invalid; a constant row gives NaN, which propagates into
 * the mean. Reads no params ({@code tokens} is documentation).
 */
@ApplicationScoped
public class MeanRowSpearman implements Metric {

    @Override
    public String id() {
        return "mean_row_spearman";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        String predColumn = context.predictionColumn(target);
        String[] t = truth.strings(target);
        String[] p = submission.strings(predColumn);
        double[] rho = new double[t.length];
        for (int r = 0; r < t.length; r++) {
            double[] x = parse(t[r], target, truth, context, r);
            double[] y = parse(p[r], predColumn, truth, context, r);
            if (x.length != y.length) {
                throw new InvalidSubmissionException(SubmissionErrorKind.MALFORMED_ROW, "Column '" + predColumn + "' at "
                        + Numeric.rowLabel(truth, context, r) + " has " + y.length + " values but " + x.length
                        + " are expected.");
            }
            rho[r] = Correlations.spearman(x, y);
        }
        return Numeric.mean(rho);
    }

    private static double[] parse(String cell, String column, Table truth, MetricContext context, int r) {
        String[] tokens = PyStrings.split(cell);
        double[] out = new double[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            try {
                out[i] = Long.parseLong(tokens[i]);
            } catch (NumberFormatException e) {
                throw new InvalidSubmissionException(SubmissionErrorKind.MALFORMED_ROW, "Column '" + column + "' at "
                        + Numeric.rowLabel(truth, context, r) + " must hold space-separated integers, got '" + cell
                        + "'.");
            }
        }
        return out;
    }
}
