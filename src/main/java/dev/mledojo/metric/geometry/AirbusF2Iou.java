package dev.mledojo.metric.geometry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mean F2 over IoU thresholds (airbus-ship-detection). Rows hold one object each and are grouped by image id (the
 * answers hold one row per image, all ships merged into one RLE); empty cells are dropped. Each RLE decodes to a
 * {@code shape} (768x768) mask, 1-based, runs cut at the image end; two predicted masks of one image must not
 * overlap. The IoU matrix (truth x prediction) is stored as float32 ({@code iou_dtype}); for each threshold of
 * {@code np.arange(0.5, 1.0, 0.05)} (NumPy's drifted doubles) the greedy matching repeatedly takes the largest IoU
 * (first in row-major order), stops below the threshold, and counts a TP; F = (1+b²)TP / ((1+b²)TP + b²FN + FP) with
 * {@code beta} 2, 1.0 for an image with neither truth nor prediction. Image score = mean over thresholds; score =
 * mean over images.
 *
 * <p>Validation as the reference (exactly the columns id and target, at least as many rows as the answers, RLE pairs
 * of integers with start >= 1 and length >= 1, no overlapping predictions), plus: every image of the answers must
 * appear and no other image may (the reference scores foreign images too, so empty rows for invented images would
 * raise the score).
 */
@ApplicationScoped
public class AirbusF2Iou implements Metric {

    private static final double[] THRESHOLDS = Thresholds.iouSweep();
    private static final int EXAMPLES = 5;

    @Override
    public String id() {
        return "airbus_f2_iou";
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
        String idColumn = context.idColumn();
        String target = context.target();
        String predColumn = context.predictionColumn(target);
        Rows.rejectExtraColumns(submission, List.of(idColumn, predColumn));
        if (submission.rowCount() < truth.rowCount()) {
            throw new InvalidSubmissionException(SubmissionErrorKind.ROW_COUNT, "Submission has fewer rows ("
                    + submission.rowCount() + ") than ground truth (" + truth.rowCount() + "). Each predicted "
                    + "segmentation should be a separate row; an image without ships needs one row with an empty "
                    + predColumn + ".");
        }
        String[] truthIds = truth.strings(idColumn);
        String[] subIds = submission.strings(idColumn);
        checkImages(idColumn, truthIds, subIds);

        Runs.Rules rules = Runs.Rules.fixed(PairedMasks.pixels(context, 768, 768), 1);
        Map<String, List<Runs>> predicted = group(submission, subIds, predColumn, rules, idColumn, false);
        for (Map.Entry<String, List<Runs>> image : predicted.entrySet()) {
            long shared = Runs.firstSharedPixel(image.getValue());
            if (shared >= 0) {
                throw new InvalidSubmissionException(SubmissionErrorKind.MALFORMED_ROW,
                        "Overlapping ship predictions found for " + Rows.where(idColumn, image.getKey()) + ": pixel "
                                + (shared + 1) + " belongs to two predicted masks; give each pixel to one ship at most.");
            }
        }
        Map<String, List<Runs>> actual = group(truth, truthIds, target, rules, idColumn, true);
        boolean float32 = !"float64".equals(context.params().string("iou_dtype", "float32"));
        double beta = context.params().number("beta", 2);
        double[] imageScores = new double[actual.size()];
        int k = 0;
        for (Map.Entry<String, List<Runs>> image : actual.entrySet()) {
            List<Runs> preds = predicted.getOrDefault(image.getKey(), List.of());
            imageScores[k++] = imageScore(image.getValue(), preds, float32, beta);
        }
        return Numeric.mean(imageScores);
    }

    /** The mean F-beta of one image over the thresholds. */
    static double imageScore(List<Runs> truths, List<Runs> preds, boolean float32, double beta) {
        int g = truths.size();
        int p = preds.size();
        double[] scores = new double[THRESHOLDS.length];
        if (g == 0 && p == 0) {
            java.util.Arrays.fill(scores, 1.0);
            return Numeric.mean(scores);
        }
        double[][] iou = new double[g][p];
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < p; j++) {
                long inter = Runs.intersection(truths.get(i), preds.get(j));
                long union = truths.get(i).size() + preds.get(j).size() - inter;
                double v = union == 0 ? 0.0 : (double) inter / (double) union;
                iou[i][j] = float32 ? (double) (float) v : v;
            }
        }
        double b2 = beta * beta;
        for (int t = 0; t < THRESHOLDS.length; t++) {
            int tp = matches(iou, g, p, THRESHOLDS[t]);
            int fp = p - tp;
            int fn = g - tp;
            double numerator = (1 + b2) * tp;
            double denominator = numerator + b2 * fn + fp;
            scores[t] = denominator == 0 ? 0.0 : numerator / denominator;
        }
        return Numeric.mean(scores);
    }

    /** Greedy matching: take the largest remaining IoU (first in row-major order) while it reaches the threshold. */
    private static int matches(double[][] iou, int g, int p, double threshold) {
        if (g == 0 || p == 0) {
            return 0;
        }
        boolean[] rowUsed = new boolean[g];
        boolean[] colUsed = new boolean[p];
        int tp = 0;
        while (true) {
            double best = -1;
            int bi = -1;
            int bj = -1;
            for (int i = 0; i < g; i++) {
                for (int j = 0; j < p; j++) {
                    double v = rowUsed[i] || colUsed[j] ? -1 : iou[i][j];
                    if (bi < 0 || v > best) {
                        best = v;
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (best < threshold) {
                return tp;
            }
            tp++;
            rowUsed[bi] = true;
            colUsed[bj] = true;
        }
    }

    /** Every answer image must appear in the submission, and no other image may. */
    private static void checkImages(String idColumn, String[] truthIds, String[] subIds) {
        Set<String> expected = new HashSet<>(List.of(truthIds));
        Set<String> given = new HashSet<>(List.of(subIds));
        List<String> unknown = new ArrayList<>();
        int unknownCount = 0;
        Set<String> counted = new HashSet<>();
        for (String id : subIds) {
            if (!expected.contains(id) && counted.add(id)) {
                unknownCount++;
                if (unknown.size() < EXAMPLES) {
                    unknown.add(id);
                }
            }
        }
        if (unknownCount > 0) {
            throw new InvalidSubmissionException(SubmissionErrorKind.UNKNOWN_IDS, "The submission has " + unknownCount
                    + " images that are not in the test set, e.g. " + String.join(", ", unknown) + ".");
        }
        List<String> missing = new ArrayList<>();
        int missingCount = 0;
        counted.clear();
        for (String id : truthIds) {
            if (!given.contains(id) && counted.add(id)) {
                missingCount++;
                if (missing.size() < EXAMPLES) {
                    missing.add(id);
                }
            }
        }
        if (missingCount > 0) {
            throw new InvalidSubmissionException(SubmissionErrorKind.MISSING_IDS, "The submission has no row for "
                    + missingCount + " test images, e.g. " + String.join(", ", missing) + "; give at least one row "
                    + "per image (an empty mask when there is no ship).");
        }
    }

    /**
     * The decoded masks per image, in id order (stable); a missing cell is no object, a blank one an empty object
     * (as the reference, which drops only NaN and "").
     */
    private static Map<String, List<Runs>> group(Table table, String[] ids, String column, Runs.Rules rules,
            String idColumn, boolean answers) {
        String[] cells = table.column(column);
        Map<String, List<Runs>> out = new TreeMap<>(Rows.PYTHON_ORDER);
        for (int r : Rows.orderById(ids)) {
            List<Runs> masks = out.computeIfAbsent(ids[r], id -> new ArrayList<>());
            if (cells[r] == null) {
                continue;
            }
            try {
                masks.add(Runs.parse(cells[r], rules));
            } catch (CellFormatException e) {
                throw answers ? Rows.badTruth(idColumn, ids[r], column, e) : Rows.badCell(idColumn, ids[r], column, e);
            }
        }
        return out;
    }
}
