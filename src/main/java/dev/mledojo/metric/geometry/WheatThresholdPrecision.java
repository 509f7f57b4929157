package dev.mledojo.metric.geometry;

import java.util.ArrayList;
import java.util.List;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mean precision over IoU thresholds (global-wheat-detection). Cells hold groups of 5 numbers {@code conf x y w h}
 * (an incomplete trailing group is ignored; the answers' conf is ignored). An image without answer boxes scores 0
 * whatever is predicted. Otherwise predictions are taken by confidence, descending (stable; NaN last); for each
 * threshold of {@code thresholds} (0.5, 0.55, ..., 0.75) each prediction takes the still-unmatched answer box with the
 * highest IoU among those reaching the threshold (the first on ties), and the threshold scores TP/(TP+FP+FN). Image
 * score = mean over thresholds; score = mean over images (in id order).
 *
 * <p>IoU of {@code x y w h} boxes: intersection widths clipped at 0, 0 when the union is 0; Python's {@code max}/{@code
 * min} argument order is kept so NaN coordinates behave as in the reference. Every number must parse as Python's
 * {@code float} does (else the cell is malformed).
 */
@ApplicationScoped
public class WheatThresholdPrecision implements Metric {

    private static final double[] THRESHOLDS = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75};

    @Override
    public String id() {
        return "wheat_threshold_precision";
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
        double[] thresholds = thresholds(context);
        String[] ids = truth.strings(idColumn);
        String[] truthCells = truth.column(target);
        String[] predCells = submission.column(predColumn);
        int[] order = Rows.orderById(ids);
        double[][][] predictions = new double[ids.length][][];
        for (int r : order) {
            try {
                predictions[r] = Boxes.sortedByConfidence(Boxes.groups(predCells[r], 5));
            } catch (CellFormatException e) {
                throw Rows.badCell(idColumn, ids[r], predColumn, e);
            }
        }
        double[] scores = new double[ids.length];
        int k = 0;
        for (int r : order) {
            double[][] boxes;
            try {
                boxes = Boxes.groups(truthCells[r], 5);
            } catch (CellFormatException e) {
                throw Rows.badTruth(idColumn, ids[r], target, e);
            }
            scores[k++] = imageScore(boxes, predictions[r], thresholds);
        }
        return Numeric.mean(scores);
    }

    /** One image: {@code truth} and {@code predictions} are {conf, x, y, w, h} rows, predictions already ordered. */
    static double imageScore(double[][] truth, double[][] predictions, double[] thresholds) {
        int g = truth.length;
        if (g == 0) {
            return 0.0;
        }
        double[] precisions = new double[thresholds.length];
        for (int t = 0; t < thresholds.length; t++) {
            boolean[] matched = new boolean[g];
            int tp = 0;
            for (double[] p : predictions) {
                double best = 0.0;
                int bestIndex = -1;
                for (int j = 0; j < g; j++) {
                    if (!matched[j]) {
                        double iou = iou(p, truth[j]);
                        if (iou >= thresholds[t] && iou > best) {
                            best = iou;
                            bestIndex = j;
                        }
                    }
                }
                if (bestIndex >= 0) {
                    tp++;
                    matched[bestIndex] = true;
                }
            }
            int fp = predictions.length - tp;
            int fn = g - tp;
            precisions[t] = (double) tp / (tp + fp + fn);
        }
        return Numeric.mean(precisions);
    }

    /** IoU of {conf, x, y, w, h} boxes as the reference computes it. */
    static double iou(double[] a, double[] b) {
        double xA = PyNumbers.max(a[1], b[1]);
        double yA = PyNumbers.max(a[2], b[2]);
        double xB = PyNumbers.min(a[1] + a[3], b[1] + b[3]);
        double yB = PyNumbers.min(a[2] + a[4], b[2] + b[4]);
        double interArea = PyNumbers.max(0, xB - xA) * PyNumbers.max(0, yB - yA);
        double union = a[3] * a[4] + b[3] * b[4] - interArea;
        if (union == 0) {
            return 0.0;
        }
        return interArea / union;
    }

    private static double[] thresholds(MetricContext context) {
        List<String> values = context.params().strings("thresholds");
        if (values.isEmpty()) {
            return THRESHOLDS;
        }
        List<Double> out = new ArrayList<>();
        for (String v : values) {
            out.add(Double.parseDouble(v.strip()));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
