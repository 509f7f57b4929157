package dev.mledojo.metric.geometry;

import dev.mledojo.metric.MetricContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mean precision over IoU thresholds (tgs-salt-identification-challenge): one mask per id on a {@code shape}
 * (101x101) image, 1-based starts, runs cut at the image end. IoU = |A∩B| / |A∪B| in double precision, or
 * {@code iou_empty_both} (1.0) when both are empty; the row score is the fraction of the thresholds
 * {@code np.arange(0.5, 1.0, 0.05)} (with NumPy's drift: an IoU of exactly 0.6 does not pass 0.6000000000000001) that
 * the IoU reaches.
 */
@ApplicationScoped
public class MeanIouThresholdPrecision extends PairedMasks {

    private static final double[] THRESHOLDS = Thresholds.iouSweep();

    @Override
    public String id() {
        return "mean_iou_threshold_precision";
    }

    @Override
    Runs.Rules rules(MetricContext context) {
        return Runs.Rules.fixed(pixels(context, 101, 101), 0);
    }

    @Override
    double rowScore(Runs truth, Runs prediction, MetricContext context) {
        long intersection = Runs.intersection(truth, prediction);
        long union = truth.size() + prediction.size() - intersection;
        double iou = union == 0 ? context.params().number("iou_empty_both", 1.0)
                : (double) intersection / (double) union;
        int passed = 0;
        for (double t : THRESHOLDS) {
            if (iou >= t) {
                passed++;
            }
        }
        return (double) passed / THRESHOLDS.length;
    }
}
