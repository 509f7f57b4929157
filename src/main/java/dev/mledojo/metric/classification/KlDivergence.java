package dev.mledojo.metric.classification;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mean row-wise KL divergence of predicted class probabilities from normalised vote counts ({@code kl_divergence},
 * hms): t = votes / row sum (all 0 for a zero sum), q = clip(pred, eps, 1) without renormalising, KL = sum over
 * t_k > 0 of t_k ln(t_k / q_k). A NaN prediction where t_k > 0 makes the score NaN; NaN votes make their row 0.
 *
 * <p>Ids repeat in this task, so alignment is CUSTOM: rows are paired by {@code str(id)} and, within an id, by their
 * order in each file (what the reference's sort gives when the submission keeps the answer order). Validation as the
 * reference: row count, id multiset, exact columns, each prediction row summing to 1 (|sum - 1| <= 1e-3 + 1e-5, NaN
 * cells count 0). Params: {@code eps} (default 1e-15, also the lower end of {@code pred_clip}).
 */
@ApplicationScoped
public class KlDivergence implements Metric {

    @Override
    public String id() {
        return "kl_divergence";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public Alignment alignment() {
        return Alignment.CUSTOM;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        List<String> votes = LogLossMulticlass.classColumns(truth, context);
        int n = truth.rowCount();
        if (submission.rowCount() != n) {
            throw new InvalidSubmissionException(SubmissionErrorKind.ROW_COUNT, "Number of rows in submission ("
                    + submission.rowCount() + ") does not match ground truth (" + n + ").");
        }
        String idColumn = context.idColumn();
        if (!submission.hasColumn(idColumn)) {
            throw new InvalidSubmissionException(SubmissionErrorKind.MISSING_COLUMNS,
                    "Missing required columns in submission: " + idColumn + ".");
        }
        int[] pairing = pair(truth.strings(idColumn), submission.strings(idColumn), idColumn);
        checkColumns(submission, idColumn, votes, context);
        Table sub = submission.selectRows(pairing);
        int k = votes.size();
        double[][] t = new double[k][];
        double[][] q = new double[k][];
        for (int c = 0; c < k; c++) {
            t[c] = Roc.numericOrFail(truth, votes.get(c));
            q[c] = sub.numbers(context.predictionColumn(votes.get(c)));
        }
        checkRowSums(q, submission, pairing);
        double eps = context.params().number("eps", 1e-15);
        double total = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += t[c][i];
            }
            double kl = 0;
            for (int c = 0; c < k; c++) {
                double tk = sum == 0 ? 0 : t[c][i] / sum;
                if (tk > 0) {
                    double qk = q[c][i];
                    qk = qk < eps ? eps : qk > 1 ? 1 : qk;
                    kl += tk * Math.log(tk / qk);
                }
            }
            total += kl;
        }
        return total / n;
    }

    /** For each truth row, the submission row with the same id (the j-th occurrence pairs with the j-th). */
    private static int[] pair(String[] truthIds, String[] subIds, String idColumn) {
        Map<String, ArrayDeque<Integer>> rows = new HashMap<>();
        for (int j = 0; j < subIds.length; j++) {
            rows.computeIfAbsent(subIds[j], x -> new ArrayDeque<>()).add(j);
        }
        int[] pairing = new int[truthIds.length];
        Set<String> missing = new LinkedHashSet<>();
        for (int i = 0; i < truthIds.length; i++) {
            ArrayDeque<Integer> q = rows.get(truthIds[i]);
            if (q == null || q.isEmpty()) {
                missing.add(truthIds[i]);
                continue;
            }
            pairing[i] = q.poll();
        }
        if (!missing.isEmpty()) {
            List<String> extra = new ArrayList<>();
            rows.forEach((id, q) -> {
                if (!q.isEmpty()) {
                    extra.add(id);
                }
            });
            throw new InvalidSubmissionException(SubmissionErrorKind.MISSING_IDS, idColumn + " values do not match "
                    + "between submission and ground truth (each id must appear as often as in the test set): "
                    + "missing or too few rows for " + preview(missing) + (extra.isEmpty() ? ""
                    : "; unexpected or too many rows for " + preview(extra)) + ".");
        }
        return pairing;
    }

    private static void checkColumns(Table submission, String idColumn, List<String> votes, MetricContext context) {
        Set<String> required = new LinkedHashSet<>();
        required.add(idColumn);
        for (String v : votes) {
            required.add(context.predictionColumn(v));
        }
        List<String> missing = new ArrayList<>();
        for (String r : required) {
            if (!submission.hasColumn(r)) {
                missing.add(r);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidSubmissionException(SubmissionErrorKind.MISSING_COLUMNS,
                    "Missing required columns in submission: " + String.join(", ", missing) + ".");
        }
        List<String> extra = new ArrayList<>();
        for (String c : submission.columns()) {
            if (!required.contains(c)) {
                extra.add(c);
            }
        }
        if (!extra.isEmpty()) {
            throw new InvalidSubmissionException(SubmissionErrorKind.EXTRA_COLUMNS,
                    "Extra unexpected columns found in submission: " + String.join(", ", extra) + ".");
        }
    }

    private static void checkRowSums(double[][] q, Table submission, int[] pairing) {
        int n = pairing.length;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (double[] col : q) {
                if (!Double.isNaN(col[i])) {
                    sum += col[i];
                }
            }
            if (!(Math.abs(sum - 1) <= 1e-3 + 1e-5)) {
                throw new InvalidSubmissionException(SubmissionErrorKind.OUT_OF_RANGE, "The vote probabilities for "
                        + "each row must sum to one: submission row " + (pairing[i] + 1) + " sums to " + sum + ".");
            }
        }
    }

    private static String preview(java.util.Collection<String> ids) {
        List<String> list = new ArrayList<>(ids);
        String head = String.join(", ", list.subList(0, Math.min(5, list.size())));
        return list.size() > 5 ? head + " (and " + (list.size() - 5) + " more)" : head;
    }
}
