package dev.mledojo.metric.geometry;

import dev.mledojo.metric.MetricContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mean Dice over ids (hubmap-kidney-segmentation): each RLE decodes to the set of pixel indices
 * {start, ..., start+length-1}, with no image size and the starts taken as given (start >= 0, length >= 1). Per row
 * Dice = 2|A∩B| / (|A| + |B|), or {@code empty_both} (1.0) when both are empty. Runs of one cell may overlap (a set
 * union), as in the reference.
 */
@ApplicationScoped
public class MeanDiceRle extends PairedMasks {

    @Override
    public String id() {
        return "mean_dice_rle";
    }

    @Override
    Runs.Rules rules(MetricContext context) {
        return new Runs.Rules(0, 1, false, 0);
    }

    @Override
    double rowScore(Runs truth, Runs prediction, MetricContext context) {
        long sizes = truth.size() + prediction.size();
        if (sizes == 0) {
            return context.params().number("empty_both", 1.0);
        }
        return (double) (2 * Runs.intersection(truth, prediction)) / (double) sizes;
    }
}
