package dev.mledojo.leaderboard.stats;

import java.util.Arrays;

import org.apache.commons.math3.util.CombinatoricsUtils;

/** Small per-agent summaries of runs: best-of-k, and a rate over seeds with its standard error. */
public final class Summaries {

    private Summaries() {
    }

    /**
     * The expected best of {@code k} runs drawn without replacement from {@code runs} (unbiased when more than k runs
     * exist): with the runs sorted ascending h(1) ≤ … ≤ h(S), Σ_{i=k..S} C(i−1, k−1) / C(S, k) · h(i). The paper
     * reports best-of-2; never mix it with expected scores in one column.
     */
    public static double bestOfK(double[] runs, int k) {
        int s = runs.length;
        if (k < 1 || k > s) {
            throw new IllegalArgumentException("best of " + k + " needs at least " + k + " runs, got " + s);
        }
        double[] sorted = runs.clone();
        Arrays.sort(sorted);
        double total = CombinatoricsUtils.binomialCoefficientDouble(s, k);
        double sum = 0;
        for (int i = k; i <= s; i++) {
            sum += CombinatoricsUtils.binomialCoefficientDouble(i - 1, k - 1) / total * sorted[i - 1];
        }
        return sum;
    }

    /** A rate in percent with its standard error over seeds and the normal 95 % interval. */
    public record Rate(double percent, double sem, double low, double high, int seeds) {
    }

    /**
     * MLE-bench's protocol for medal (or above-median) rates: per seed s, A_s = 100 · (hits of seed s) / tasks; the mean
     * over seeds ± SEM = sd(A, ddof 1) / √S, 95 % interval mean ± 1.96 · SEM. {@code hits[s][t]} is whether seed s
     * reached the threshold on task t (a missing run counts as a miss).
     */
    public static Rate rateOverSeeds(boolean[][] hits) {
        int seeds = hits.length;
        double[] perSeed = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            int n = 0;
            for (boolean h : hits[s]) {
                n += h ? 1 : 0;
            }
            perSeed[s] = 100.0 * n / hits[s].length;
        }
        double mean = Arrays.stream(perSeed).average().orElse(Double.NaN);
        double sem = 0;
        if (seeds > 1) {
            double ss = 0;
            for (double v : perSeed) {
                ss += (v - mean) * (v - mean);
            }
            sem = Math.sqrt(ss / (seeds - 1)) / Math.sqrt(seeds);
        }
        return new Rate(mean, sem, mean - 1.96 * sem, mean + 1.96 * sem, seeds);
    }
}
