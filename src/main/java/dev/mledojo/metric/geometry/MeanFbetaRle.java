package dev.mledojo.metric.geometry;

import dev.mledojo.metric.MetricContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mean F-beta over ids (vesuvius-challenge-ink-detection, {@code beta} 0.5): RLEs decode to pixel sets (start >= 1,
 * length >= 1, a pixel covered twice is an error). Per row P = TP/(TP+FP), or {@code precision_if_no_pred} (1.0)
 * when nothing is predicted; R = TP/(TP+FN), or {@code recall_if_no_truth} (1.0) when the truth is empty;
 * F = (1+b²)PR / (b²P + R), 0 when the denominator is 0.
 */
@ApplicationScoped
public class MeanFbetaRle extends PairedMasks {

    @Override
    public String id() {
        return "mean_fbeta_rle";
    }

    @Override
    Runs.Rules rules(MetricContext context) {
        return new Runs.Rules(1, 1, true, 0);
    }

    @Override
    double rowScore(Runs truth, Runs prediction, MetricContext context) {
        double beta = context.params().number("beta", 0.5);
        long tp = Runs.intersection(truth, prediction);
        long predicted = prediction.size();
        long actual = truth.size();
        double precision = predicted > 0 ? (double) tp / (double) predicted
                : context.params().number("precision_if_no_pred", 1.0);
        double recall = actual > 0 ? (double) tp / (double) actual
                : context.params().number("recall_if_no_truth", 1.0);
        double betaSq = beta * beta;
        double denominator = betaSq * precision + recall;
        return denominator > 0 ? (1 + betaSq) * precision * recall / denominator : 0.0;
    }
}
