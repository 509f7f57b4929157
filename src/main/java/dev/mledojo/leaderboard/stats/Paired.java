package dev.mledojo.leaderboard.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Two agents compared on the tasks both ran: the mean difference of their expected HumanRank (a − b) with a paired
 * bootstrap 95 % interval (tasks drawn per domain, then each agent's runs, as for the board) and a two-sided p-value
 * 2 · min(P*(Δ ≤ 0), P*(Δ ≥ 0)); and per task whether a won, tied or lost.
 */
public final class Paired {

    /** The comparison; {@code tasks} is the number of common tasks. */
    public record Comparison(String a, String b, int tasks, double difference, double low, double high, double p,
            int wins, int ties, int losses) {
    }

    private Paired() {
    }

    public static Comparison compare(RunScores scores, String a, String b, int replicates, long seed) {
        Map<String, List<String>> byDomain = new TreeMap<>();
        for (String t : scores.tasks()) {
            if (scores.runs(a, t) != null && scores.runs(b, t) != null) {
                byDomain.computeIfAbsent(scores.domain(t), d -> new ArrayList<>()).add(t);
            }
        }
        int common = byDomain.values().stream().mapToInt(List::size).sum();
        if (common == 0) {
            throw new IllegalArgumentException(a + " and " + b + " have no task in common");
        }
        int wins = 0;
        int ties = 0;
        int losses = 0;
        double sum = 0;
        for (List<String> tasks : byDomain.values()) {
            for (String t : tasks) {
                double d = scores.taskMean(a, t) - scores.taskMean(b, t);
                sum += d;
                if (d > 0) {
                    wins++;
                } else if (d < 0) {
                    losses++;
                } else {
                    ties++;
                }
            }
        }
        double[] deltas = new double[replicates];
        SplittableRandom random = new SplittableRandom(seed);
        int atMostZero = 0;
        int atLeastZero = 0;
        for (int r = 0; r < replicates; r++) {
            double total = 0;
            for (List<String> tasks : byDomain.values()) {
                for (int i = 0; i < tasks.size(); i++) {
                    String t = tasks.get(random.nextInt(tasks.size()));
                    total += Bootstrap.resampledRunMean(scores.runs(a, t), random)
                            - Bootstrap.resampledRunMean(scores.runs(b, t), random);
                }
            }
            deltas[r] = total / common;
            atMostZero += deltas[r] <= 0 ? 1 : 0;
            atLeastZero += deltas[r] >= 0 ? 1 : 0;
        }
        double p = Math.min(1, 2.0 * Math.min(atMostZero, atLeastZero) / replicates);
        return new Comparison(a, b, common, sum / common, Bootstrap.quantile(deltas, 2.5),
                Bootstrap.quantile(deltas, 97.5), p, wins, ties, losses);
    }
}
