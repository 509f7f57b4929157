package dev.mledojo.metric.regression;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.ranking.NaNStrategy;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Smartphone GNSS error (smartphone-decimeter-2022): rows are paired on (tripId, UnixTimeMillis); per row the
 * haversine distance in metres; per trip the mean of the requested percentiles (NumPy linear interpolation, NaN if a
 * distance is NaN); score = pandas mean over trips (NaN trips skipped). Reads {@code radius_m} (6371000),
 * {@code group} (tripId) and {@code percentiles} ([50, 95]); the key columns come from the id column
 * ("tripId + UnixTimeMillis") or default to group + UnixTimeMillis.
 *
 * <p>Validates like the reference: same row count, and the same key pairs (compared as pandas renders them, so a
 * float time column does not match an integer one).
 */
@ApplicationScoped
public class GnssP50P95Error implements Metric {

    @Override
    public String id() {
        return "gnss_p50_p95_error";
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
        String group = context.params().string("group", "tripId");
        List<String> keys = keyColumns(context.idColumn(), group);
        double radius = context.params().number("radius_m", 6_371_000);
        List<String> percentileParam = context.params().strings("percentiles");
        double[] percentiles = percentileParam.isEmpty() ? new double[] {50, 95}
                : percentileParam.stream().mapToDouble(Double::parseDouble).toArray();
        List<String> targets = context.targetColumns();
        String latColumn = targets.size() > 0 ? targets.get(0) : "LatitudeDegrees";
        String lonColumn = targets.size() > 1 ? targets.get(1) : "LongitudeDegrees";

        int n = truth.rowCount();
        if (submission.rowCount() != n) {
            throw new InvalidSubmissionException(SubmissionErrorKind.ROW_COUNT, "Number of rows in submission ("
                    + submission.rowCount() + ") does not match ground truth (" + n + ").");
        }
        String[] truthKeys = joinedKeys(truth, keys);
        String[] subKeys = joinedKeys(submission, keys);
        Map<String, Integer> truthRow = new HashMap<>(n * 2);
        for (int r = 0; r < n; r++) {
            truthRow.putIfAbsent(truthKeys[r], r);
        }
        int[] subRowOf = new int[n];
        Arrays.fill(subRowOf, -1);
        for (int s = 0; s < n; s++) {
            Integer r = truthRow.get(subKeys[s]);
            if (r == null) {
                throw new InvalidSubmissionException(SubmissionErrorKind.UNKNOWN_IDS, "Submission row " + (s + 1)
                        + " has (" + describe(subKeys[s], keys) + ") which is not in the ground truth; "
                        + String.join(" and ", keys) + " must match the test rows exactly (same values and types).");
            }
            if (subRowOf[r] >= 0) {
                throw new InvalidSubmissionException(SubmissionErrorKind.DUPLICATE_IDS, "(" + describe(subKeys[s], keys)
                        + ") appears more than once in the submission (rows " + (subRowOf[r] + 1) + " and " + (s + 1)
                        + ").");
            }
            subRowOf[r] = s;
        }

        double[] latT = truth.numbers(latColumn);
        double[] lonT = truth.numbers(lonColumn);
        double[] latP = submission.numbers(context.predictionColumn(latColumn));
        double[] lonP = submission.numbers(context.predictionColumn(lonColumn));
        String[] trips = truth.strings(group);
        Map<String, List<Integer>> byTrip = new HashMap<>();
        double[] distance = new double[n];
        for (int r = 0; r < n; r++) {
            int s = subRowOf[r];
            distance[r] = haversine(latT[r], lonT[r], latP[s], lonP[s], radius);
            byTrip.computeIfAbsent(trips[r], t -> new ArrayList<>()).add(r);
        }
        Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7)
                .withNaNStrategy(NaNStrategy.FIXED);
        double[] tripScores = new double[byTrip.size()];
        int t = 0;
        for (List<Integer> rows : byTrip.values()) {
            double[] errors = new double[rows.size()];
            boolean nan = false;
            for (int i = 0; i < errors.length; i++) {
                errors[i] = distance[rows.get(i)];
                nan |= Double.isNaN(errors[i]);
            }
            if (nan) {
                tripScores[t++] = Double.NaN; // np.percentile of data with NaN is NaN
                continue;
            }
            percentile.setData(errors);
            double sum = 0;
            for (double q : percentiles) {
                sum += percentile.evaluate(q);
            }
            tripScores[t++] = sum / percentiles.length;
        }
        return Numeric.mean(tripScores, dev.mledojo.metric.NanPolicy.SKIP);
    }

    /** Haversine distance in metres between two points in degrees. */
    static double haversine(double lat1, double lon1, double lat2, double lon2, double radius) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dLat = p2 - p1;
        double dLon = Math.toRadians(lon2) - Math.toRadians(lon1);
        double sLat = Math.sin(dLat / 2);
        double sLon = Math.sin(dLon / 2);
        double a = sLat * sLat + Math.cos(p1) * Math.cos(p2) * sLon * sLon;
        return radius * (2 * Math.asin(Math.sqrt(a)));
    }

    private static List<String> keyColumns(String idColumn, String group) {
        if (idColumn != null && idColumn.contains("+")) {
            List<String> keys = new ArrayList<>();
            for (String part : idColumn.split("\\+")) {
                keys.add(part.strip());
            }
            return keys;
        }
        return List.of(group, "UnixTimeMillis");
    }

    private static String[] joinedKeys(Table table, List<String> keys) {
        String[][] columns = new String[keys.size()][];
        for (int k = 0; k < keys.size(); k++) {
            columns[k] = table.strings(keys.get(k));
        }
        String[] out = new String[table.rowCount()];
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < out.length; r++) {
            sb.setLength(0);
            for (int k = 0; k < columns.length; k++) {
                if (k > 0) {
                    sb.append('\u0000');
                }
                sb.append(columns[k][r]);
            }
            out[r] = sb.toString();
        }
        return out;
    }

    private static String describe(String joined, List<String> keys) {
        String[] parts = joined.split("\u0000", -1);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < keys.size() && k < parts.length; k++) {
            if (k > 0) {
                sb.append(", ");
            }
            sb.append(keys.get(k)).append('=').append(parts[k]);
        }
        return sb.toString();
    }
}
