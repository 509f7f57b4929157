package dev.mledojo.grading;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.mledojo.metric.Stats;

/**
 * The scores a submission must reach for each medal on a board of N teams, following Kaggle's progression rules as
 * MLE-bench applies them (inclusive thresholds, mutually exclusive medals), plus the board median for "above median"
 * (strict).
 *
 * @param teams the board size the thresholds come from
 */
public record MedalThresholds(double gold, double silver, double bronze, double median, int teams,
        boolean higherIsBetter) {

    /** Thresholds for a board, or null for an empty board. */
    public static MedalThresholds of(List<Double> board, boolean higherIsBetter) {
        int n = board.size();
        if (n == 0) {
            return null;
        }
        List<Double> best = new ArrayList<>(board);
        best.sort(higherIsBetter ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder());
        int gold;
        int silver;
        int bronze;
        if (n < 100) {
            gold = Math.max(1, (int) (n * 0.1));
            silver = Math.max(1, (int) (n * 0.2));
            bronze = Math.max(1, (int) (n * 0.4));
        } else if (n < 250) {
            gold = 10;
            silver = Math.max(1, (int) (n * 0.2));
            bronze = Math.max(1, (int) (n * 0.4));
        } else if (n < 1000) {
            gold = 10 + (int) (n * 0.002);
            silver = 50;
            bronze = 100;
        } else {
            gold = 10 + (int) (n * 0.002);
            silver = Math.max(1, (int) (n * 0.05));
            bronze = Math.max(1, (int) (n * 0.1));
        }
        List<Double> ascending = new ArrayList<>(board);
        ascending.sort(Comparator.naturalOrder());
        double median = Stats.median(ascending);
        return new MedalThresholds(best.get(gold - 1), best.get(silver - 1), best.get(bronze - 1), median, n,
                higherIsBetter);
    }

    /** The medal a score earns (NaN earns none). */
    public Medal medal(double score) {
        if (Double.isNaN(score)) {
            return Medal.NONE;
        }
        if (reaches(score, gold)) {
            return Medal.GOLD;
        }
        if (reaches(score, silver)) {
            return Medal.SILVER;
        }
        if (reaches(score, bronze)) {
            return Medal.BRONZE;
        }
        return Medal.NONE;
    }

    /** Strictly better than the board median. */
    public boolean aboveMedian(double score) {
        return !Double.isNaN(score) && (higherIsBetter ? score > median : score < median);
    }

    private boolean reaches(double score, double threshold) {
        return higherIsBetter ? score >= threshold : score <= threshold;
    }
}
