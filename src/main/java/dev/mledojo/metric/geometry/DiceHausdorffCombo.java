package dev.mledojo.metric.geometry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Dice / Hausdorff blend (uw-madison-gi-tract-image-segmentation). Several rows share an id (one per class), so the
 * metric pairs rows itself: by (id, class) (param {@code class_column}, default {@code class}); without a class
 * column in the answers, by id and position within the id. Each RLE decodes to a {@code shape} (512x512) mask, 1-based,
 * column-major, runs cut at the image end. Per row Dice = 2|A∩B|/(|A|+|B|), {@code dice_empty_both} (0.0) when both
 * are empty; Hausdorff = max of both directed distances on coordinates divided by (height, width), divided by √2 and
 * capped at 1; {@code hd_empty_both} (0) when both are empty, {@code hd_one_empty} (1) when one is. Score =
 * {@code dice_weight}·mean(Dice) + {@code hausdorff_weight}·(1 − mean(HD)).
 *
 * <p>Validation follows the reference: the class column is required, no columns beyond the answer's, and the ids
 * (as text) must be the answer's ids with the same multiplicity.
 */
@ApplicationScoped
public class DiceHausdorffCombo implements Metric {

    private static final int EXAMPLES = 5;

    @Override
    public String id() {
        return "dice_hausdorff_combo";
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
        String classColumn = context.params().string("class_column", "class");
        boolean byClass = truth.hasColumn(classColumn);
        if (byClass && !submission.hasColumn(classColumn)) {
            throw new InvalidSubmissionException(SubmissionErrorKind.MISSING_COLUMNS,
                    "Missing required columns in submission: " + classColumn + ". Expected header: " + idColumn + ","
                            + classColumn + "," + predColumn + ".");
        }
        Set<String> allowed = new LinkedHashSet<>(truth.columns());
        allowed.add(predColumn);
        Rows.rejectExtraColumns(submission, allowed);

        String[] truthIds = truth.strings(idColumn);
        String[] subIds = submission.strings(idColumn);
        checkIdMultiset(idColumn, truthIds, subIds);
        String[] truthKeys = keys(truthIds, byClass ? truth.strings(classColumn) : null);
        String[] subKeys = keys(subIds, byClass ? submission.strings(classColumn) : null);
        int[] subRowOf = pair(idColumn, classColumn, truthKeys, subKeys);

        int[] shape = PairedMasks.shape(context, 512, 512);
        int height = shape[0];
        int width = shape[1];
        if (height < 1 || width < 1 || height > Hausdorff.MAX_SIDE || width > Hausdorff.MAX_SIDE) {
            throw new IllegalStateException("dice_hausdorff_combo supports image sides 1.." + Hausdorff.MAX_SIDE
                    + ", not " + height + "x" + width);
        }
        Runs.Rules rules = Runs.Rules.fixed((long) height * width, 0);
        String[] truthCells = truth.column(target);
        String[] predCells = submission.column(predColumn);
        int[] order = Rows.orderById(truthIds);
        Runs[] predictions = new Runs[truthIds.length];
        for (int r : order) {
            int s = subRowOf[r];
            try {
                predictions[r] = Runs.parse(predCells[s], rules);
            } catch (CellFormatException e) {
                throw Rows.badCell(idColumn + " " + describe(truthKeys[r]), predColumn, e);
            }
        }
        double diceEmpty = context.params().number("dice_empty_both", 0.0);
        double hdEmpty = context.params().number("hd_empty_both", 0.0);
        double hdOneEmpty = context.params().number("hd_one_empty", 1.0);
        double[] dice = new double[truthIds.length];
        double[] hd = new double[truthIds.length];
        int k = 0;
        for (int r : order) {
            Runs t;
            try {
                t = Runs.parse(truthCells[r], rules);
            } catch (CellFormatException e) {
                throw Rows.badTruth(idColumn + " " + describe(truthKeys[r]), target, e);
            }
            Runs p = predictions[r];
            predictions[r] = null;
            long sizes = t.size() + p.size();
            dice[k] = sizes == 0 ? diceEmpty : 2.0 * Runs.intersection(t, p) / sizes;
            if (t.isEmpty() && p.isEmpty()) {
                hd[k] = hdEmpty;
            } else if (t.isEmpty() || p.isEmpty()) {
                hd[k] = hdOneEmpty;
            } else {
                hd[k] = Math.min(Hausdorff.distance(t, p, height, width) / Math.sqrt(2), 1.0);
            }
            k++;
        }
        double diceWeight = context.params().number("dice_weight", 0.4);
        double hdWeight = context.params().number("hausdorff_weight", 0.6);
        return diceWeight * Numeric.mean(dice) + hdWeight * (1 - Numeric.mean(hd));
    }

    /** The reference compares the sorted id lists: the same ids, each as often as in the answers. */
    private static void checkIdMultiset(String idColumn, String[] truthIds, String[] subIds) {
        if (truthIds.length != subIds.length) {
            throw new InvalidSubmissionException(SubmissionErrorKind.ROW_COUNT, "Number of rows in submission ("
                    + subIds.length + ") does not match ground truth (" + truthIds.length + "); give one row per "
                    + "row of the test set (every id with each of its classes).");
        }
        Map<String, Integer> balance = new HashMap<>();
        for (String id : truthIds) {
            balance.merge(id, 1, Integer::sum);
        }
        for (String id : subIds) {
            balance.merge(id, -1, Integer::sum);
        }
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        for (String id : truthIds) {
            Integer b = balance.get(id);
            if (b != null && b > 0 && missing.size() < EXAMPLES && !missing.contains(id)) {
                missing.add(id);
            }
        }
        for (String id : subIds) {
            Integer b = balance.get(id);
            if (b != null && b < 0 && extra.size() < EXAMPLES && !extra.contains(id)) {
                extra.add(id);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidSubmissionException(SubmissionErrorKind.MISSING_IDS, "Column '" + idColumn
                    + "' does not match the test set: ids missing or given fewer times than in the test set, e.g. "
                    + String.join(", ", missing) + (extra.isEmpty() ? "" : "; ids not in the test set or repeated too "
                            + "often, e.g. " + String.join(", ", extra)) + ".");
        }
        if (!extra.isEmpty()) {
            throw new InvalidSubmissionException(SubmissionErrorKind.UNKNOWN_IDS, "Column '" + idColumn
                    + "' has ids not in the test set or repeated too often, e.g. " + String.join(", ", extra) + ".");
        }
    }

    /** Row keys: id and class, or id and the occurrence number of the id (file order) without a class column. */
    private static String[] keys(String[] ids, String[] classes) {
        String[] out = new String[ids.length];
        Map<String, Integer> seen = classes == null ? new HashMap<>() : null;
        for (int r = 0; r < ids.length; r++) {
            out[r] = classes != null ? ids[r] + '\u0000' + classes[r]
                    : ids[r] + '\u0001' + seen.merge(ids[r], 1, Integer::sum);
        }
        return out;
    }

    private static int[] pair(String idColumn, String classColumn, String[] truthKeys, String[] subKeys) {
        Map<String, Integer> subRow = new HashMap<>(subKeys.length * 2);
        for (int s = 0; s < subKeys.length; s++) {
            Integer before = subRow.putIfAbsent(subKeys[s], s);
            if (before != null) {
                throw new InvalidSubmissionException(SubmissionErrorKind.DUPLICATE_IDS, "The submission repeats ("
                        + describe(subKeys[s]) + ") in rows " + (before + 1) + " and " + (s + 1) + "; give one row per "
                        + idColumn + " and " + classColumn + ".");
            }
        }
        int[] out = new int[truthKeys.length];
        for (int r = 0; r < truthKeys.length; r++) {
            Integer s = subRow.get(truthKeys[r]);
            if (s == null) {
                throw new InvalidSubmissionException(SubmissionErrorKind.MISSING_IDS, "The submission has no row for ("
                        + describe(truthKeys[r]) + "); give one row per " + idColumn + " and " + classColumn
                        + " of the test set.");
            }
            out[r] = s;
        }
        return out;
    }

    private static String describe(String key) {
        int cut = key.indexOf('\u0000');
        if (cut < 0) {
            return "'" + key.substring(0, key.indexOf('\u0001')) + "'";
        }
        return "'" + key.substring(0, cut) + "', class '" + key.substring(cut + 1) + "'";
    }
}
