package dev.mledojo.metric.geometry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.PyStrings;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Pascal-VOC mean average precision over classes (siim-covid19-detection, vinbigdata-chest-xray). Cells hold groups of
 * 6 tokens {@code class conf xmin ymin xmax ymax}; boxes are xyxy without the +1 pixel convention. Per class, the
 * predictions (images in id order, then cell order) are sorted by confidence, descending (stable; NaN last), and each
 * is a TP when it matches an answer box of its image with IoU >= {@code iou}; recall = cumTP/nGT, precision =
 * cumTP/(cumTP + cumFP + {@code precision_eps}); AP is the all-point interpolated area. Classes without answer boxes are
 * skipped; score = mean AP over the rest (0 if none).
 *
 * <p>Param {@code variant} picks the reference grader's rules:
 * <ul>
 * <li>{@code siim}: classes are the text labels; a cell whose token count is not a multiple of 6 is ignored, a group
 * with a non-number is skipped; a prediction goes to the answer box with the best IoU among ALL boxes of its class and
 * image, and is a duplicate FP if that box was already detected. AP terms are summed in order.</li>
 * <li>{@code vinbig}: classes are the integers 0..14 ({@code int()} of the token; other groups are skipped, as is an
 * incomplete trailing group); a prediction goes to the best still-unused box; AP terms are summed by NumPy.</li>
 * </ul>
 */
@ApplicationScoped
public class DetectionMapVoc implements Metric {

    /** The rules of one reference grader. */
    enum Variant {
        SIIM, VINBIG
    }

    /** One detection: image (index into the id-ordered images), confidence and box. */
    private record Detection(int image, double confidence, double[] box) {
    }

    @Override
    public String id() {
        return "detection_map_voc";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        Variant variant = variant(context);
        double threshold = context.params().number("iou", variant == Variant.SIIM ? 0.5 : 0.4);
        double eps = context.params().number("precision_eps", 1e-6);
        String target = context.target();
        String[] ids = truth.strings(context.idColumn());
        String[] truthCells = truth.column(target);
        String[] predCells = submission.column(context.predictionColumn(target));
        int[] order = Rows.orderById(ids);
        Map<String, List<Detection>> truthByClass = new TreeMap<>(
                variant == Variant.VINBIG ? java.util.Comparator.comparingInt(Integer::parseInt) : Rows.PYTHON_ORDER);
        Map<String, List<Detection>> predByClass = new HashMap<>();
        for (int image = 0; image < order.length; image++) {
            int r = order[image];
            collect(truthCells[r], image, variant, truthByClass);
            collect(predCells[r], image, variant, predByClass);
        }
        List<Double> aps = new ArrayList<>();
        for (Map.Entry<String, List<Detection>> entry : truthByClass.entrySet()) {
            List<Detection> gts = entry.getValue();
            List<Detection> preds = new ArrayList<>(predByClass.getOrDefault(entry.getKey(), List.of()));
            preds.sort((a, b) -> Boxes.descending(a.confidence(), b.confidence()));
            aps.add(averagePrecision(gts, preds, threshold, eps, variant));
        }
        if (aps.isEmpty()) {
            return 0.0;
        }
        return Numeric.mean(aps.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double averagePrecision(List<Detection> gts, List<Detection> preds, double threshold, double eps,
            Variant variant) {
        Map<Integer, List<double[]>> boxesOf = new HashMap<>();
        for (Detection d : gts) {
            boxesOf.computeIfAbsent(d.image(), i -> new ArrayList<>()).add(d.box());
        }
        Map<Integer, boolean[]> used = new HashMap<>();
        for (Map.Entry<Integer, List<double[]>> e : boxesOf.entrySet()) {
            used.put(e.getKey(), new boolean[e.getValue().size()]);
        }
        int n = preds.size();
        double[] recall = new double[n];
        double[] precision = new double[n];
        double cumTp = 0;
        double cumFp = 0;
        for (int k = 0; k < n; k++) {
            Detection p = preds.get(k);
            List<double[]> boxes = boxesOf.getOrDefault(p.image(), List.of());
            boolean[] taken = used.get(p.image());
            boolean tp = variant == Variant.SIIM ? matchSiim(p.box(), boxes, taken, threshold)
                    : matchVinbig(p.box(), boxes, taken, threshold);
            if (tp) {
                cumTp++;
            } else {
                cumFp++;
            }
            recall[k] = cumTp / gts.size();
            precision[k] = cumTp / (cumTp + cumFp + eps);
        }
        return interpolatedArea(recall, precision, variant == Variant.SIIM);
    }

    /** Best IoU over all boxes of the image; a TP if it reaches the threshold and that box is still undetected. */
    private static boolean matchSiim(double[] box, List<double[]> boxes, boolean[] taken, double threshold) {
        double best = 0.0;
        int j = -1;
        for (int i = 0; i < boxes.size(); i++) {
            double v = iouSiim(box, boxes.get(i));
            if (v > best) {
                best = v;
                j = i;
            }
        }
        if (best >= threshold && j >= 0) {
            if (!taken[j]) {
                taken[j] = true;
                return true;
            }
        }
        return false;
    }

    /** Best IoU over the still-unused boxes of the image; a TP if it reaches the threshold. */
    private static boolean matchVinbig(double[] box, List<double[]> boxes, boolean[] taken, double threshold) {
        double best = 0.0;
        int j = -1;
        for (int i = 0; i < boxes.size(); i++) {
            if (taken[i]) {
                continue;
            }
            double v = iouVinbig(box, boxes.get(i));
            if (v > best) {
                best = v;
                j = i;
            }
        }
        if (best >= threshold && j >= 0) {
            taken[j] = true;
            return true;
        }
        return false;
    }

    /**
     * All-point interpolated AP: recall framed by 0 and 1, precision by 0 and 0, precision made non-increasing from the
     * right, and the sum of (r[i+1] - r[i]) * p[i+1] wherever recall changes (in order, or NumPy's pairwise sum).
     */
    static double interpolatedArea(double[] recall, double[] precision, boolean sequentialSum) {
        int n = recall.length;
        double[] mrec = new double[n + 2];
        double[] mpre = new double[n + 2];
        System.arraycopy(recall, 0, mrec, 1, n);
        System.arraycopy(precision, 0, mpre, 1, n);
        mrec[n + 1] = 1.0;
        for (int i = n + 1; i > 0; i--) {
            mpre[i - 1] = Math.max(mpre[i - 1], mpre[i]);
        }
        double[] terms = new double[n + 1];
        int m = 0;
        for (int i = 0; i < n + 1; i++) {
            if (mrec[i + 1] != mrec[i]) {
                terms[m++] = (mrec[i + 1] - mrec[i]) * mpre[i + 1];
            }
        }
        if (sequentialSum) {
            double ap = 0.0;
            for (int i = 0; i < m; i++) {
                ap += terms[i];
            }
            return ap;
        }
        return Numeric.pairwiseSum(terms, 0, m);
    }

    /** The siim grader's IoU (0 when the intersection is 0 or the union is not positive). */
    static double iouSiim(double[] a, double[] b) {
        double xA = PyNumbers.max(a[0], b[0]);
        double yA = PyNumbers.max(a[1], b[1]);
        double xB = PyNumbers.min(a[2], b[2]);
        double yB = PyNumbers.min(a[3], b[3]);
        double inter = PyNumbers.max(0, xB - xA) * PyNumbers.max(0, yB - yA);
        if (inter == 0) {
            return 0.0;
        }
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        if (union <= 0) {
            return 0.0;
        }
        return inter / union;
    }

    /** The vinbig grader's IoU (0 when the boxes do not meet or the union is 0). */
    static double iouVinbig(double[] a, double[] b) {
        double xLeft = PyNumbers.max(a[0], b[0]);
        double yTop = PyNumbers.max(a[1], b[1]);
        double xRight = PyNumbers.min(a[2], b[2]);
        double yBottom = PyNumbers.min(a[3], b[3]);
        if (xRight < xLeft || yBottom < yTop) {
            return 0.0;
        }
        double inter = (xRight - xLeft) * (yBottom - yTop);
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        if (union == 0) {
            return 0.0;
        }
        return inter / union;
    }

    /** Adds a cell's detections to their classes, skipping what the reference's parser skips. */
    private static void collect(String cell, int image, Variant variant, Map<String, List<Detection>> byClass) {
        if (cell == null) {
            return;
        }
        String[] tokens = PyStrings.split(cell);
        if (variant == Variant.SIIM && tokens.length % 6 != 0) {
            return;
        }
        for (int i = 0; i < tokens.length; i += 6) {
            if (i + 6 > tokens.length) {
                return; // vinbig: the incomplete trailing group raises IndexError and is skipped
            }
            String label;
            if (variant == Variant.VINBIG) {
                if (!PyNumbers.isInt(tokens[i])) {
                    continue;
                }
                long cls;
                try {
                    cls = PyNumbers.parseInt(tokens[i]);
                } catch (CellFormatException e) {
                    continue; // too large for any class 0..14
                }
                if (cls < 0 || cls > 14) {
                    continue;
                }
                label = Long.toString(cls);
            } else {
                label = tokens[i];
            }
            double[] values = new double[5];
            try {
                for (int k = 0; k < 5; k++) {
                    values[k] = PyNumbers.parseFloat(tokens[i + 1 + k]);
                }
            } catch (CellFormatException e) {
                continue;
            }
            byClass.computeIfAbsent(label, l -> new ArrayList<>())
                    .add(new Detection(image, values[0], java.util.Arrays.copyOfRange(values, 1, 5)));
        }
    }

    private static Variant variant(MetricContext context) {
        String v = context.params().string("variant", null);
        if (v == null) {
            throw new IllegalStateException("detection_map_voc needs the parameter 'variant' (siim or vinbig)");
        }
        return Variant.valueOf(v.strip().toUpperCase(Locale.ROOT));
    }
}
