package dev.mledojo.leaderboard.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Mean HumanRank with a two-stage stratified percentile bootstrap (methodology.md): per replicate, each domain's tasks
 * are drawn with replacement (the domain mix stays fixed), then, per agent and drawn task, that agent's runs are drawn
 * with replacement; the statistic is recomputed. The same task draws serve every agent of a replicate, so ranks and
 * differences are paired. A fixed seed makes the result reproducible. Only agents that cover every task are ranked.
 */
public final class Bootstrap {

    /** How tasks are weighted in the overall mean. */
    public enum Weighting {
        /** The mean over tasks (every task counts the same). */
        TASK,
        /** The mean over domains of the domain means (every domain counts the same). */
        DOMAIN
    }

    /** A point estimate and its 95 % percentile interval. */
    public record Interval(double estimate, double low, double high) {
    }

    /**
     * A rank from the original data (1 + the number of agents strictly better, so ties share a rank) and the 95 %
     * interval of the agent's rank over the replicates (ties in a replicate get the average rank), e.g. "2 (1–4)".
     */
    public record RankBand(int rank, int low, int high) {
        @Override
        public String toString() {
            return low == high ? Integer.toString(rank) : rank + " (" + low + "–" + high + ")";
        }
    }

    /** The board: every ranked agent's interval and rank band, and how it was computed. */
    public record Result(Map<String, Interval> scores, Map<String, RankBand> ranks, Weighting weighting, int replicates,
            long seed) {
    }

    private Bootstrap() {
    }

    /** The mean HumanRank of an agent on the board's tasks (expected score per task, then the weighting). */
    public static double mean(RunScores scores, String agent, Weighting weighting) {
        return weighted(new ArrayList<>(scores.tasksByDomain().values()), t -> scores.taskMean(agent, t), weighting);
    }

    /** The mean over the tasks of each domain's list (repeats count), combined over tasks or over domains. */
    private static double weighted(List<List<String>> domains, java.util.function.ToDoubleFunction<String> taskScore,
            Weighting weighting) {
        double total = 0;
        int n = 0;
        for (List<String> tasks : domains) {
            double domainSum = 0;
            for (String t : tasks) {
                domainSum += taskScore.applyAsDouble(t);
            }
            if (weighting == Weighting.TASK) {
                total += domainSum;
                n += tasks.size();
            } else {
                total += domainSum / tasks.size();
                n++;
            }
        }
        return total / n;
    }

    /** Bootstraps the mean HumanRank of every agent that covers the board, with {@code replicates} replicates. */
    public static Result meanHumanRank(RunScores scores, Weighting weighting, int replicates, long seed) {
        if (replicates < 10) {
            throw new IllegalArgumentException("at least 10 replicates, got " + replicates);
        }
        List<String> agents = scores.agents().stream().filter(scores::covers).toList();
        // the runs as arrays indexed [agent][domain][task]: the replicate loop below is the hot path of every board
        List<List<String>> domains = new ArrayList<>(scores.tasksByDomain().values());
        double[][][][] runs = new double[agents.size()][domains.size()][][];
        for (int a = 0; a < agents.size(); a++) {
            for (int d = 0; d < domains.size(); d++) {
                List<String> tasks = domains.get(d);
                runs[a][d] = new double[tasks.size()][];
                for (int t = 0; t < tasks.size(); t++) {
                    runs[a][d][t] = scores.runs(agents.get(a), tasks.get(t));
                }
            }
        }
        double[][] values = new double[agents.size()][replicates];
        double[][] ranks = new double[agents.size()][replicates];
        SplittableRandom random = new SplittableRandom(seed);
        int[][] drawn = new int[domains.size()][];
        for (int d = 0; d < domains.size(); d++) {
            drawn[d] = new int[domains.get(d).size()];
        }
        double[] replicate = new double[agents.size()];
        for (int b = 0; b < replicates; b++) {
            for (int d = 0; d < domains.size(); d++) {
                int n = drawn[d].length;
                for (int i = 0; i < n; i++) {
                    drawn[d][i] = random.nextInt(n);
                }
            }
            for (int a = 0; a < agents.size(); a++) {
                double total = 0;
                int count = 0;
                for (int d = 0; d < domains.size(); d++) {
                    double domainSum = 0;
                    for (int t : drawn[d]) {
                        domainSum += resampledRunMean(runs[a][d][t], random);
                    }
                    if (weighting == Weighting.TASK) {
                        total += domainSum;
                        count += drawn[d].length;
                    } else {
                        total += domainSum / drawn[d].length;
                        count++;
                    }
                }
                replicate[a] = total / count;
                values[a][b] = replicate[a];
            }
            double[] r = averageRanks(replicate);
            for (int a = 0; a < agents.size(); a++) {
                ranks[a][b] = r[a];
            }
        }
        double[] point = new double[agents.size()];
        for (int a = 0; a < agents.size(); a++) {
            point[a] = mean(scores, agents.get(a), weighting);
        }
        Map<String, Interval> intervals = new LinkedHashMap<>();
        Map<String, RankBand> bands = new LinkedHashMap<>();
        for (int a = 0; a < agents.size(); a++) {
            intervals.put(agents.get(a), new Interval(point[a], quantile(values[a], 2.5), quantile(values[a], 97.5)));
            int better = 0;
            for (double other : point) {
                if (other > point[a]) {
                    better++;
                }
            }
            bands.put(agents.get(a), new RankBand(better + 1, (int) Math.round(Math.floor(quantile(ranks[a], 2.5))),
                    (int) Math.round(Math.ceil(quantile(ranks[a], 97.5)))));
        }
        return new Result(intervals, bands, weighting, replicates, seed);
    }

    /** The mean of as many runs as there are, drawn with replacement from {@code runs}. */
    static double resampledRunMean(double[] runs, SplittableRandom random) {
        double sum = 0;
        for (int i = 0; i < runs.length; i++) {
            sum += runs[random.nextInt(runs.length)];
        }
        return sum / runs.length;
    }

    /** Ranks by value, highest first, 1-based; tied values get the average of the ranks they span. */
    static double[] averageRanks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        double[] ranks = new double[values.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double average = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = average;
            }
            i = j + 1;
        }
        return ranks;
    }

    /** The p-th percentile (0..100) with linear interpolation between order statistics (R-7, numpy's default). */
    static double quantile(double[] values, double p) {
        return new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(values, p);
    }
}
