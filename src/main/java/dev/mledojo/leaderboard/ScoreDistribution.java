package dev.mledojo.leaderboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.mledojo.grading.HumanRank;
import dev.mledojo.grading.MedalThresholds;

/**
 * A task's private comparison board as a distribution, the numbers the task page plots: the curve of the share of
 * board entries a score equals or beats (its HumanRank on this board, direction-aware) over the plotted score range,
 * the medal thresholds and median, and the agents' runs placed on that curve. The plotted range runs from the entry
 * that beats 10 % of the board to the one that 1 % beat (the worst tenth and the best hundredth are left out), widened
 * to the thresholds and to runs that lie within the board or less than half that range beyond it; runs further out
 * are pinned to the edge and flagged {@code offScale}.
 *
 * @param from the plotted score on the chart's left edge: the worse end (higher than {@code to} when lower is better)
 * @param to the plotted score on the chart's right edge: the better end
 */
public record ScoreDistribution(String task, String boardLabel, boolean higherIsBetter, int entries, Double best,
        Double worst, Thresholds thresholds, Double from, Double to, List<Point> curve, List<Marker> markers) {

    /** Points of the curve; as many as the chart draws. */
    static final int CURVE_POINTS = 293;

    /** Medal thresholds (inclusive) and the median (above-median is strict), as the grader applies them. */
    public record Thresholds(double gold, double silver, double bronze, double median) {
    }

    /** A score and the share of board entries it equals or beats. */
    public record Point(double score, double share) {
    }

    /**
     * One counted run of an agent version: its final score (null when the run produced no valid submission), the share
     * of board entries that score equals or beats, and the links to its episode and agent.
     */
    public record Marker(String agent, String owner, int version, boolean publicAgent, String episode, long seed,
            Double finalScore, Double share, boolean offScale, String episodeUrl, String agentUrl) {
    }

    /** A run as the board projection knows it. */
    public record Run(String agent, String owner, int version, boolean publicAgent, String episode, long seed,
            Double finalScore) {
    }

    /** The distribution of {@code board} with {@code runs} on it; no curve, range or thresholds for an empty board. */
    public static ScoreDistribution of(String task, String boardLabel, boolean higherIsBetter, List<Double> board,
            List<Run> runs) {
        double[] sorted = board.stream().filter(d -> d != null && Double.isFinite(d)).mapToDouble(Double::doubleValue)
                .sorted().toArray();
        int n = sorted.length;
        if (n == 0) {
            List<Marker> markers = runs.stream().map(r -> marker(r, null, false)).toList();
            return new ScoreDistribution(task, boardLabel, higherIsBetter, 0, null, null, null, null, null, List.of(),
                    markers);
        }
        List<Double> boardList = Arrays.stream(sorted).boxed().toList();
        MedalThresholds m = MedalThresholds.of(boardList, higherIsBetter);
        Thresholds thresholds = new Thresholds(m.gold(), m.silver(), m.bronze(), m.median());
        double min = sorted[0];
        double max = sorted[n - 1];
        // Kaggle boards have a long tail of broken submissions at the worse end and a few leaks at the better one
        double lo = sorted[(int) Math.floor((higherIsBetter ? 0.10 : 0.01) * (n - 1))];
        double hi = sorted[(int) Math.ceil((higherIsBetter ? 0.99 : 0.90) * (n - 1))];
        for (double t : new double[] {m.gold(), m.silver(), m.bronze(), m.median()}) {
            lo = Math.min(lo, t);
            hi = Math.max(hi, t);
        }
        // runs within the board, or not far beyond it (an agent that beats every entry is news), widen the range
        double reach = (hi - lo) / 2;
        double baseLo = lo;
        double baseHi = hi;
        for (Run r : runs) {
            Double s = r.finalScore();
            if (s != null && Double.isFinite(s) && s >= Math.min(min, baseLo - reach)
                    && s <= Math.max(max, baseHi + reach)) {
                lo = Math.min(lo, s);
                hi = Math.max(hi, s);
            }
        }
        double pad = hi > lo ? (hi - lo) * 0.03 : Math.max(Math.abs(lo) * 0.05, 1e-6);
        lo -= pad;
        hi += pad;
        double worse = higherIsBetter ? lo : hi;
        double better = higherIsBetter ? hi : lo;

        List<Point> curve = new ArrayList<>(CURVE_POINTS);
        for (int i = 0; i < CURVE_POINTS; i++) {
            double score = worse + (better - worse) * i / (CURVE_POINTS - 1);
            curve.add(new Point(score, share(sorted, score, higherIsBetter)));
        }
        List<Marker> markers = new ArrayList<>();
        for (Run r : runs) {
            Double s = r.finalScore();
            if (s == null || !Double.isFinite(s)) {
                markers.add(marker(r, null, false));
            } else {
                markers.add(marker(r, share(sorted, s, higherIsBetter), s < lo || s > hi));
            }
        }
        return new ScoreDistribution(task, boardLabel, higherIsBetter, n, higherIsBetter ? max : min,
                higherIsBetter ? min : max, thresholds, worse, better, curve, markers);
    }

    /**
     * The share of entries of an ascending board that {@code score} equals or beats: {@link HumanRank#onBoard} by
     * binary search.
     */
    static double share(double[] ascending, double score, boolean higherIsBetter) {
        int n = ascending.length;
        if (higherIsBetter) {
            return (double) countAtMost(ascending, score) / n;
        }
        return (double) (n - countBelow(ascending, score)) / n;
    }

    /** Entries ≤ score. */
    private static int countAtMost(double[] a, double score) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= score) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Entries < score. */
    private static int countBelow(double[] a, double score) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < score) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static Marker marker(Run r, Double share, boolean offScale) {
        return new Marker(r.agent(), r.owner(), r.version(), r.publicAgent(), r.episode(), r.seed(), r.finalScore(),
                share, offScale, "/episodes/" + segment(r.episode()),
                "/agents/" + segment(r.owner()) + "/" + segment(r.agent()));
    }

    /** A URL path segment (URLEncoder encodes for forms: a space must be %20 in a path). */
    static String segment(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
