package dev.mledojo.metric.text;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.PyStrings;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Total token edit distance over total true length (multi-modal-gesture-recognition): each cell is stringified and
 * split into integers; score = {@code sum(edit distance) / sum(len(true tokens))}. Reads no params ({@code unit},
 * {@code normalizer} are documentation). A prediction that is empty or not space-separated integers is invalid; zero
 * true tokens overall fails the evaluation (division by zero).
 */
@ApplicationScoped
public class NormalizedTokenLevenshtein implements Metric {

    @Override
    public String id() {
        return "normalized_token_levenshtein";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        String predColumn = context.predictionColumn(target);
        String[] t = truth.strings(target);
        String[] p = submission.strings(predColumn);
        long edits = 0;
        long length = 0;
        for (int r = 0; r < t.length; r++) {
            long[] truthTokens = parse(t[r]);
            if (truthTokens == null) {
                throw new ScoringException("Ground-truth " + target + " at " + Numeric.rowLabel(truth, context, r)
                        + " is not a list of integers: '" + t[r] + "'.");
            }
            long[] predTokens = parse(p[r]);
            if (predTokens == null || predTokens.length == 0) {
                throw new InvalidSubmissionException(SubmissionErrorKind.MALFORMED_ROW, "Column '" + predColumn + "' at "
                        + Numeric.rowLabel(truth, context, r) + " must hold space-separated integers, got '" + p[r]
                        + "'.");
            }
            edits += EditDistance.of(truthTokens, predTokens);
            length += truthTokens.length;
        }
        if (length == 0) {
            throw new ScoringException("The ground truth has no tokens: division by zero.");
        }
        return (double) edits / (double) length;
    }

    /** Python's {@code [int(x) for x in str(cell).split()]}, or null when a token is not an integer. */
    private static long[] parse(String cell) {
        String[] tokens = PyStrings.split(cell);
        long[] out = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            try {
                out[i] = Long.parseLong(tokens[i]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }
}
