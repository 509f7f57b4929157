package dev.mledojo.task.practice.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small gradient-boosted tree ensemble (second-order, histogram splits on training quantiles) for squared-error
 * regression or log-loss classification: the strongest family of the reference solutions.
 */
final class Gbm {

    /** The loss being boosted. */
    enum Loss {
        SQUARED, LOGISTIC
    }

    private static final int BINS = 32;
    private static final double LAMBDA = 1.0;

    private final Loss loss;
    private final int trees;
    private final int depth;
    private final double learningRate;
    private final int minLeaf;
    private double base;
    private double[][] cuts;
    private final List<Node> ensemble = new ArrayList<>();

    Gbm(Loss loss, int trees, int depth, double learningRate, int minLeaf) {
        this.loss = loss;
        this.trees = trees;
        this.depth = depth;
        this.learningRate = learningRate;
        this.minLeaf = minLeaf;
    }

    /** A tree node: a split (feature, bin threshold) or a leaf value. */
    private record Node(int feature, int threshold, double cut, Node left, Node right, double value) {
        boolean leaf() {
            return left == null;
        }
    }

    Gbm fit(double[][] x, double[] y) {
        int n = x.length;
        int p = x[0].length;
        cuts = new double[p][];
        int[][] bins = new int[p][n];
        for (int f = 0; f < p; f++) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = x[i][f];
            }
            cuts[f] = cuts(values);
            for (int i = 0; i < n; i++) {
                bins[f][i] = bin(cuts[f], x[i][f]);
            }
        }
        double mean = Arrays.stream(y).sum() / n;
        base = loss == Loss.SQUARED ? mean : StrictMath.log(clamp(mean) / (1 - clamp(mean)));
        double[] raw = new double[n];
        Arrays.fill(raw, base);
        double[] g = new double[n];
        double[] h = new double[n];
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int t = 0; t < trees; t++) {
            for (int i = 0; i < n; i++) {
                if (loss == Loss.SQUARED) {
                    g[i] = raw[i] - y[i];
                    h[i] = 1;
                } else {
                    double prob = Models.sigmoid(raw[i]);
                    g[i] = prob - y[i];
                    h[i] = Math.max(1e-6, prob * (1 - prob));
                }
            }
            Node tree = grow(bins, g, h, all, 0);
            ensemble.add(tree);
            for (int i = 0; i < n; i++) {
                raw[i] += learningRate * leaf(tree, x[i]);
            }
        }
        return this;
    }

    /** Raw predictions (the mean for squared loss, the probability for log-loss). */
    double[] predict(double[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double raw = base;
            for (Node tree : ensemble) {
                raw += learningRate * leaf(tree, x[i]);
            }
            out[i] = loss == Loss.SQUARED ? raw : Models.sigmoid(raw);
        }
        return out;
    }

    private Node grow(int[][] bins, double[] g, double[] h, int[] rows, int level) {
        double gSum = 0;
        double hSum = 0;
        for (int i : rows) {
            gSum += g[i];
            hSum += h[i];
        }
        double leafValue = -gSum / (hSum + LAMBDA);
        if (level >= depth || rows.length < 2 * minLeaf) {
            return new Node(-1, 0, 0, null, null, leafValue);
        }
        double parent = gSum * gSum / (hSum + LAMBDA);
        double bestGain = 1e-9;
        int bestFeature = -1;
        int bestBin = -1;
        double[] gHist = new double[BINS + 1];
        double[] hHist = new double[BINS + 1];
        int[] cHist = new int[BINS + 1];
        for (int f = 0; f < bins.length; f++) {
            Arrays.fill(gHist, 0);
            Arrays.fill(hHist, 0);
            Arrays.fill(cHist, 0);
            int[] fb = bins[f];
            for (int i : rows) {
                gHist[fb[i]] += g[i];
                hHist[fb[i]] += h[i];
                cHist[fb[i]]++;
            }
            double gl = 0;
            double hl = 0;
            int cl = 0;
            for (int b = 0; b < cuts[f].length; b++) {
                gl += gHist[b];
                hl += hHist[b];
                cl += cHist[b];
                int cr = rows.length - cl;
                if (cl < minLeaf || cr < minLeaf) {
                    continue;
                }
                double gr = gSum - gl;
                double hr = hSum - hl;
                double gain = gl * gl / (hl + LAMBDA) + gr * gr / (hr + LAMBDA) - parent;
                if (gain > bestGain) {
                    bestGain = gain;
                    bestFeature = f;
                    bestBin = b;
                }
            }
        }
        if (bestFeature < 0) {
            return new Node(-1, 0, 0, null, null, leafValue);
        }
        int leftCount = 0;
        for (int i : rows) {
            if (bins[bestFeature][i] <= bestBin) {
                leftCount++;
            }
        }
        int[] left = new int[leftCount];
        int[] right = new int[rows.length - leftCount];
        int l = 0;
        int r = 0;
        for (int i : rows) {
            if (bins[bestFeature][i] <= bestBin) {
                left[l++] = i;
            } else {
                right[r++] = i;
            }
        }
        return new Node(bestFeature, bestBin, cuts[bestFeature][bestBin], grow(bins, g, h, left, level + 1),
                grow(bins, g, h, right, level + 1), leafValue);
    }

    private static double leaf(Node node, double[] x) {
        Node at = node;
        while (!at.leaf()) {
            at = x[at.feature()] <= at.cut() ? at.left() : at.right();
        }
        return at.value();
    }

    /** Distinct quantile cut points: value v falls in the first bin whose cut is >= v. */
    private static double[] cuts(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] cuts = new double[BINS];
        int count = 0;
        for (int q = 1; q <= BINS; q++) {
            double cut = sorted[Math.min(sorted.length - 1, (int) ((long) q * sorted.length / (BINS + 1)))];
            if (count == 0 || cut > cuts[count - 1]) {
                cuts[count++] = cut;
            }
        }
        return Arrays.copyOf(cuts, count);
    }

    private static int bin(double[] cuts, double v) {
        int idx = Arrays.binarySearch(cuts, v);
        return idx >= 0 ? idx : -idx - 1;
    }

    private static double clamp(double p) {
        return Math.max(1e-6, Math.min(1 - 1e-6, p));
    }
}
