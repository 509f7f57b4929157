package dev.mledojo.metric.ranking;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.NanPolicy;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.PyStrings;
import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mean average precision at k over rows; the prediction cell is split on whitespace and cut to its first k tokens.
 * Reads {@code k} (default 5) and {@code truth}: "single..." (AP = 1/rank of the first hit of the one true label) or
 * "multi..." (H&M: the truth cell is a token list, AP = sum of precision at each hit / min(|truth|, k), with NO
 * de-duplication, so repeated hits count again and AP can exceed 1; an empty truth gives 0). Cells are stringified as
 * pandas does (a missing cell becomes 'nan'); {@code nan: error} (kaggle-llm-science-exam, whale, whose reference calls
 * {@code split()} on the raw cell and crashes on NaN) instead refuses a missing prediction as an invalid submission
 * ({@code missing_values}) naming the first such id, so the agent can fix it.
 *
 * <p>Stays with by-id pairing: the reference's inner merge on a unique id, after its id-set check, pairs the same rows.
 */
@ApplicationScoped
public class MapAtK implements Metric {

    @Override
    public String id() {
        return "map_at_k";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        int k = context.params().integer("k", 5);
        boolean multi = context.params().string("truth", "single").strip().toLowerCase(Locale.ROOT).startsWith("multi");
        String target = context.target();
        String predColumn = context.predictionColumn(target);
        String[] t = truth.strings(target);
        String[] p = submission.strings(predColumn);
        if (Numeric.nanPolicy(context, NanPolicy.SKIP) == NanPolicy.ERROR) {
            String[] raw = submission.column(predColumn);
            for (int r = 0; r < raw.length; r++) {
                if (raw[r] == null) {
                    throw new InvalidSubmissionException(SubmissionErrorKind.MISSING_VALUES, "Column '" + predColumn
                            + "' has no prediction for " + Numeric.rowLabel(truth, context, r)
                            + "; give at least one label in every row (an empty cell is not a valid prediction).");
                }
            }
        }
        double[] ap = new double[t.length];
        for (int r = 0; r < t.length; r++) {
            String[] predicted = PyStrings.split(p[r], k);
            ap[r] = multi ? multiAp(PyStrings.split(t[r]), predicted, k) : singleAp(PyStrings.strip(t[r]), predicted);
        }
        return Numeric.mean(ap);
    }

    /** 1/rank of the first prediction equal to the label, else 0. */
    static double singleAp(String label, String[] predicted) {
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i].equals(label)) {
                return 1.0 / (i + 1);
            }
        }
        return 0.0;
    }

    /** H&M AP@k without de-duplication of repeated hits. */
    static double multiAp(String[] actual, String[] predicted, int k) {
        if (actual.length == 0) {
            return 0.0;
        }
        Set<String> set = null;
        if (actual.length > 8) {
            set = new HashSet<>(java.util.Arrays.asList(actual));
        }
        double score = 0.0;
        int hits = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (set != null ? set.contains(predicted[i]) : contains(actual, predicted[i])) {
                hits++;
                score += hits / (i + 1.0);
            }
        }
        return score / Math.min(actual.length, k);
    }

    private static boolean contains(String[] values, String s) {
        for (String v : values) {
            if (v.equals(s)) {
                return true;
            }
        }
        return false;
    }
}
