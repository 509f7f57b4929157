package dev.mledojo.metric.regression;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Modified Laplace log-likelihood (osic-pulmonary-fibrosis-progression), higher is better. Only GT rows with a
 * measured FVC count, and of those each patient's 3 latest weeks (week = integer after the last '_' of the id); per
 * scored row {@code -sqrt(2) min(|FVC - pred|, delta_max) / sigma - ln(sqrt(2) sigma)} with
 * {@code sigma = max(Confidence, sigma_min)}; NumPy mean (NaN propagates). Reads {@code sigma_min} (70),
 * {@code delta_max} (1000), {@code confidence_nan} (0, the value of a missing Confidence) and {@code scored_rows}
 * (documentation only; 3 latest weeks).
 *
 * <p>Pairs rows itself: every submitted id must exist in the GT; a scored id submitted twice is rejected. As in the
 * reference, scored ids absent from the submission are left out of the mean (no row-count check).
 */
@ApplicationScoped
public class LaplaceLogLikelihood implements Metric {

    private static final int LATEST_WEEKS = 3;

    @Override
    public String id() {
        return "laplace_log_likelihood";
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
        String key = context.idColumn();
        List<String> targets = context.targetColumns();
        String fvc = targets.isEmpty() ? "FVC" : targets.get(0);
        String confidence = targets.size() > 1 ? targets.get(1) : "Confidence";
        double sigmaMin = context.params().number("sigma_min", 70);
        double deltaMax = context.params().number("delta_max", 1000);
        double confidenceNan = context.params().number("confidence_nan", 0);

        String[] truthKeys = truth.column(key);
        String[] subKeys = submission.column(key);
        double[] predFvc = submission.numbers(context.predictionColumn(fvc));
        double[] predConf = submission.numbers(confidence);

        Map<String, Integer> truthRow = new HashMap<>();
        for (int r = 0; r < truthKeys.length; r++) {
            if (truthKeys[r] != null) {
                truthRow.putIfAbsent(truthKeys[r], r);
            }
        }
        for (int r = 0; r < subKeys.length; r++) {
            if (subKeys[r] == null || !truthRow.containsKey(subKeys[r])) {
                throw new InvalidSubmissionException(SubmissionErrorKind.UNKNOWN_IDS, key + " "
                        + (subKeys[r] == null ? "(empty)" : "'" + subKeys[r] + "'") + " in submission row " + (r + 1)
                        + " does not exist in the ground truth.");
            }
        }

        Map<String, Integer> scored = scoredRows(truth, context, key, fvc);
        Map<String, Integer> submitted = new HashMap<>();
        for (int r = 0; r < subKeys.length; r++) {
            if (scored.containsKey(subKeys[r]) && submitted.putIfAbsent(subKeys[r], r) != null) {
                throw new InvalidSubmissionException(SubmissionErrorKind.DUPLICATE_IDS, key + " '" + subKeys[r]
                        + "' appears more than once in the submission (rows " + (submitted.get(subKeys[r]) + 1) + " and "
                        + (r + 1) + ").");
            }
        }
        String[] keys = submitted.keySet().toArray(new String[0]);
        Arrays.sort(keys); // both frames are sorted by Patient_Week (text) and paired by position
        double[] truthFvc = truth.numbers(fvc);
        double[] metric = new double[keys.length];
        double sqrt2 = Math.sqrt(2);
        for (int i = 0; i < keys.length; i++) {
            int s = submitted.get(keys[i]);
            double conf = Double.isNaN(predConf[s]) ? confidenceNan : predConf[s];
            double sigma = Double.isNaN(conf) ? conf : Math.max(conf, sigmaMin);
            double delta = Math.min(Math.abs(truthFvc[scored.get(keys[i])] - predFvc[s]), deltaMax);
            metric[i] = -sqrt2 * delta / sigma - Math.log(sqrt2 * sigma);
        }
        return Numeric.mean(metric);
    }

    /** GT rows with a measured FVC, keeping each patient's 3 latest weeks: id to truth row. */
    private static Map<String, Integer> scoredRows(Table truth, MetricContext context, String key, String fvc) {
        String[] keys = truth.column(key);
        double[] values = truth.numbers(fvc);
        String[] patients = truth.hasColumn("Patient") ? truth.column("Patient") : null;
        Map<String, List<int[]>> byPatient = new HashMap<>();
        for (int r = 0; r < keys.length; r++) {
            if (Double.isNaN(values[r]) || keys[r] == null) {
                continue;
            }
            int cut = keys[r].lastIndexOf('_');
            int week;
            try {
                week = Integer.parseInt(keys[r].substring(cut + 1).strip());
            } catch (NumberFormatException e) {
                throw new ScoringException("Ground-truth " + key + " '" + keys[r] + "' does not end in '_<week>'.");
            }
            String patient = patients != null ? patients[r] : keys[r].substring(0, Math.max(cut, 0));
            byPatient.computeIfAbsent(patient, p -> new ArrayList<>()).add(new int[] {week, r});
        }
        Map<String, Integer> scored = new HashMap<>();
        for (List<int[]> rows : byPatient.values()) {
            rows.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
            for (int i = Math.max(0, rows.size() - LATEST_WEEKS); i < rows.size(); i++) {
                scored.put(keys[rows.get(i)[1]], rows.get(i)[1]);
            }
        }
        return scored;
    }
}
