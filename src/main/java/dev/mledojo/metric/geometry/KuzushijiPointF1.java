package dev.mledojo.metric.geometry;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.PyStrings;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Point-in-box micro F1 (kuzushiji-recognition). Answer cells hold groups of 5 {@code label X Y W H}; prediction cells
 * groups of 3 {@code label X Y}, at most {@code max_preds_per_image} (1200) per image. Per image each prediction, in
 * order, takes the FIRST still-unmatched answer box (answer order) with the same label and {@code X <= px < X+W},
 * {@code Y <= py < Y+H}; the rest are FP, unmatched boxes FN. TP/FP/FN are summed over images; P = TP/(TP+FP),
 * R = TP/(TP+FN) (0 if undefined), F1 = 2PR/(P+R) (0 if P+R = 0); 1.0 when there is nothing at all to count (every
 * cell empty).
 *
 * <p>Submission cells are checked first, in id order, as the reference validates them: the token count must be a
 * multiple of 3, at most 1200 points, and X and Y must be numbers ({@code float()}).
 */
@ApplicationScoped
public class KuzushijiPointF1 implements Metric {

    /** One image's answer boxes: labels and (x, y, w, h). */
    private record Truth(String[] labels, double[][] boxes) {
    }

    @Override
    public String id() {
        return "kuzushiji_point_f1";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String idColumn = context.idColumn();
        String target = context.target();
        String predColumn = context.predictionColumn(target);
        int maxPoints = context.params().integer("max_preds_per_image", 1200);
        String[] ids = truth.strings(idColumn);
        String[] truthCells = truth.column(target);
        String[] predCells = submission.column(predColumn);
        int[] order = Rows.orderById(ids);
        String[][] predTokens = new String[ids.length][];
        for (int r : order) {
            predTokens[r] = checkedPredictions(predCells[r], maxPoints, Rows.where(idColumn, ids[r]), predColumn);
        }
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int r : order) {
            Truth t = truth(truthCells[r], Rows.where(idColumn, ids[r]), target);
            boolean[] matched = new boolean[t.labels().length];
            String[] tokens = predTokens[r];
            for (int i = 0; i < tokens.length; i += 3) {
                String label = tokens[i];
                double px = PyNumbers.parseFloat(tokens[i + 1]);
                double py = PyNumbers.parseFloat(tokens[i + 2]);
                boolean hit = false;
                for (int j = 0; j < matched.length; j++) {
                    double[] b = t.boxes()[j];
                    if (!matched[j] && label.equals(t.labels()[j]) && b[0] <= px && px < b[0] + b[2] && b[1] <= py
                            && py < b[1] + b[3]) {
                        matched[j] = true;
                        hit = true;
                        break;
                    }
                }
                if (hit) {
                    tp++;
                } else {
                    fp++;
                }
            }
            for (boolean m : matched) {
                if (!m) {
                    fn++;
                }
            }
        }
        if (tp == 0 && fp == 0 && fn == 0) {
            return 1.0; // only possible when every answer and prediction cell is empty
        }
        double precision = tp + fp > 0 ? (double) tp / (tp + fp) : 0;
        double recall = tp + fn > 0 ? (double) tp / (tp + fn) : 0;
        if (precision + recall == 0) {
            return 0.0;
        }
        return 2 * precision * recall / (precision + recall);
    }

    /** The tokens of a prediction cell after the reference's checks. */
    /** Each answer box {@code label X Y W H} as the point {@code label x y} at its centre (inside the half-open box). */
    @Override
    public String perfectPrediction(String truthCell) {
        if (truthCell == null || truthCell.isBlank()) {
            return truthCell;
        }
        Truth t = truth(truthCell, "the answers", "labels");
        StringBuilder out = new StringBuilder();
        for (int g = 0; g < t.labels().length; g++) {
            double[] b = t.boxes()[g];
            out.append(g == 0 ? "" : " ").append(t.labels()[g]).append(' ').append(centre(b[0], b[2])).append(' ')
                    .append(centre(b[1], b[3]));
        }
        return out.toString();
    }

    /** A coordinate inside [start, start + size): the whole-number centre when both are whole numbers. */
    private static String centre(double start, double size) {
        double mid = start + size / 2;
        if (start == Math.rint(start) && size == Math.rint(size) && size >= 1) {
            return Long.toString((long) Math.floor(mid));
        }
        return dev.mledojo.metric.PyFormat.repr(mid);
    }

    private static String[] checkedPredictions(String cell, int maxPoints, String where, String column) {
        if (cell == null) {
            return new String[0];
        }
        String[] tokens = PyStrings.split(cell);
        if (tokens.length % 3 != 0) {
            throw new InvalidSubmissionException(SubmissionErrorKind.MALFORMED_ROW, "Invalid " + column + " for "
                    + where + ": expected groups of 'label X Y', but found " + tokens.length + " items.");
        }
        if (tokens.length / 3 > maxPoints) {
            throw new InvalidSubmissionException(SubmissionErrorKind.MALFORMED_ROW, "Invalid " + column + " for "
                    + where + ": " + tokens.length / 3 + " predictions exceed the limit of " + maxPoints
                    + " per image.");
        }
        for (int axis = 1; axis <= 2; axis++) {
            for (int j = axis; j < tokens.length; j += 3) {
                try {
                    PyNumbers.parseFloat(tokens[j]);
                } catch (CellFormatException e) {
                    throw new InvalidSubmissionException(SubmissionErrorKind.MALFORMED_ROW, "Invalid " + column
                            + " for " + where + ": non-numeric " + (axis == 1 ? "X" : "Y") + " coordinate '"
                            + PyNumbers.shorten(tokens[j]) + "' in item " + (j / 3 + 1) + ".");
                }
            }
        }
        return tokens;
    }

    private static Truth truth(String cell, String where, String column) {
        String[] tokens = cell == null ? new String[0] : PyStrings.split(cell);
        if (tokens.length % 5 != 0) {
            throw new ScoringException("Ground truth format error (expected label X Y W H groups) in " + column
                    + " for " + where + ".");
        }
        String[] labels = new String[tokens.length / 5];
        double[][] boxes = new double[labels.length][];
        for (int g = 0; g < labels.length; g++) {
            labels[g] = tokens[5 * g];
            double[] b = new double[4];
            try {
                for (int k = 0; k < 4; k++) {
                    b[k] = PyNumbers.parseFloat(tokens[5 * g + 1 + k]);
                }
            } catch (CellFormatException e) {
                throw new ScoringException("Numeric conversion error in ground truth " + column + " for " + where
                        + ": " + e.getMessage() + ".");
            }
            if (b[2] < 0 || b[3] < 0) {
                throw new ScoringException("Invalid value in ground truth " + column + " for " + where
                        + ": width and height must be non-negative.");
            }
            boxes[g] = b;
        }
        return new Truth(labels, boxes);
    }
}
