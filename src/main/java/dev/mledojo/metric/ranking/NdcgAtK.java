package dev.mledojo.metric.ranking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * NDCG@k with one relevant item per id (airbnb): the submission is LONG, up to k rows per id with the best guess
 * first; per GT id the gain is {@code 1/log2(position + 1)} of the first guess equal to the true value, else 0; score
 * = mean over GT ids. Reads {@code k} (default 5). Guesses are ranked in file order within an id (the reference's
 * non-stable sort may reorder them on large files).
 *
 * <p>Pairs rows itself: at most k rows per id, every submitted id must be a test id, every test id needs a row.
 */
@ApplicationScoped
public class NdcgAtK implements Metric {

    @Override
    public String id() {
        return "ndcg_at_k";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public Alignment alignment() {
        return Alignment.CUSTOM;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        int k = context.params().integer("k", 5);
        String idColumn = context.idColumn();
        String target = context.target();
        String[] truthIds = truth.strings(idColumn);
        String[] truthValues = truth.strings(target);
        String[] subIds = submission.strings(idColumn);
        String[] guesses = submission.strings(context.predictionColumn(target));

        int n = truthIds.length;
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int r = 0; r < n; r++) {
            index.putIfAbsent(truthIds[r], r);
        }
        int[] count = new int[n];
        int[] ranked = new int[n * k];
        List<String> unknown = new ArrayList<>();
        int firstUnknownRow = -1;
        for (int s = 0; s < subIds.length; s++) {
            Integer r = index.get(subIds[s]);
            if (r == null) {
                if (unknown.size() < 5) {
                    unknown.add(subIds[s]);
                }
                if (firstUnknownRow < 0) {
                    firstUnknownRow = s;
                }
                continue;
            }
            if (count[r] == k) {
                throw new InvalidSubmissionException(SubmissionErrorKind.TOO_MANY_ROWS, idColumn + " '" + subIds[s]
                        + "' has more than " + k + " rows (row " + (s + 1) + "); submit at most " + k
                        + " guesses per id, best first.");
            }
            ranked[r * k + count[r]++] = s;
        }
        if (!unknown.isEmpty()) {
            throw new InvalidSubmissionException(SubmissionErrorKind.UNKNOWN_IDS, "The submission has " + idColumn
                    + " values that are not in the test set (first at row " + (firstUnknownRow + 1) + "): "
                    + String.join(", ", unknown) + ".");
        }
        List<String> missing = new ArrayList<>();
        int missingCount = 0;
        for (int r = 0; r < n; r++) {
            if (count[r] == 0 && index.get(truthIds[r]) == r) {
                missingCount++;
                if (missing.size() < 5) {
                    missing.add(truthIds[r]);
                }
            }
        }
        if (missingCount > 0) {
            throw new InvalidSubmissionException(SubmissionErrorKind.MISSING_IDS, missingCount + " test " + idColumn
                    + " values have no row in the submission, e.g. " + String.join(", ", missing) + ".");
        }

        double[] gains = new double[n];
        double ln2 = Math.log(2);
        for (int r = 0; r < n; r++) {
            int owner = index.get(truthIds[r]);
            for (int i = 0; i < count[owner]; i++) {
                if (guesses[ranked[owner * k + i]].equals(truthValues[r])) {
                    gains[r] = ln2 / Math.log(i + 2.0);
                    break;
                }
            }
        }
        return Numeric.mean(gains);
    }
}
