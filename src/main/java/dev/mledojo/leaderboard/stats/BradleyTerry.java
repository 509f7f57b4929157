package dev.mledojo.leaderboard.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Bradley–Terry ratings on the Elo scale from battles (the MLE-Dojo paper's definition, after Chatbot Arena): P(i beats
 * j) = 1 / (1 + 10^((R_j − R_i) / 400)); a tie counts half a win and half a loss; each battle has a weight. The ratings
 * maximise the weighted log-likelihood (Newton's method on the logistic loss; a negligible ridge of 1e-6 keeps an
 * undefeated agent finite) and are centred at 1000.
 */
public final class BradleyTerry {

    /** Base and scale of the Elo scale, and its centre. */
    public static final double BASE = 10;
    public static final double SCALE = 400;
    public static final double CENTRE = 1000;
    static final double RIDGE = 1e-6;

    /** One battle: {@code a} against {@code b}, {@code scoreA} 1 (a won), 0.5 (tie) or 0 (b won). */
    public record Battle(String a, String b, double scoreA, double weight) {
        public Battle {
            if (a.equals(b)) {
                throw new IllegalArgumentException("an agent does not battle itself");
            }
            if (!(scoreA >= 0 && scoreA <= 1) || !(weight > 0)) {
                throw new IllegalArgumentException("score in [0, 1] and a positive weight");
            }
        }
    }

    private BradleyTerry() {
    }

    /** The Elo rating of every agent that appears in a battle, sorted by name. */
    public static Map<String, Double> elo(List<Battle> battles) {
        List<String> agents = new ArrayList<>(new TreeSet<>(battles.stream()
                .flatMap(b -> java.util.stream.Stream.of(b.a(), b.b())).toList()));
        int n = agents.size();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(agents.get(i), i);
        }
        double ln = Math.log(BASE);
        double[] r = new double[n]; // natural-log-odds scale / ln(BASE): the fitted "r̂" of the paper
        for (int iteration = 0; iteration < 100; iteration++) {
            double[] gradient = new double[n];
            double[][] hessian = new double[n][n];
            for (int i = 0; i < n; i++) {
                gradient[i] = -RIDGE * r[i];
                hessian[i][i] = RIDGE;
            }
            for (Battle b : battles) {
                int i = index.get(b.a());
                int j = index.get(b.b());
                double p = 1 / (1 + Math.exp(-ln * (r[i] - r[j])));
                double g = b.weight() * ln * (b.scoreA() - p);
                gradient[i] += g;
                gradient[j] -= g;
                double h = b.weight() * ln * ln * p * (1 - p);
                hessian[i][i] += h;
                hessian[j][j] += h;
                hessian[i][j] -= h;
                hessian[j][i] -= h;
            }
            RealMatrix hm = new Array2DRowRealMatrix(hessian, false);
            RealVector step = new LUDecomposition(hm).getSolver().solve(new ArrayRealVector(gradient, false));
            double largest = 0;
            for (int i = 0; i < n; i++) {
                r[i] += step.getEntry(i);
                largest = Math.max(largest, Math.abs(step.getEntry(i)));
            }
            if (largest < 1e-12) {
                break;
            }
        }
        double mean = 0;
        for (double v : r) {
            mean += v / n;
        }
        Map<String, Double> ratings = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            ratings.put(agents.get(i), SCALE * (r[i] - mean) + CENTRE);
        }
        return ratings;
    }

    /**
     * Battles from per-task expected scores: on every task, each pair of agents that both ran it battles once (the
     * higher expected HumanRank wins, equal ones tie), and the task's weight 1 is spread over its pairs, so every task
     * counts the same however many agents ran it.
     */
    public static List<Battle> battles(RunScores scores, List<String> tasks) {
        List<Battle> battles = new ArrayList<>();
        List<String> agents = scores.agents();
        for (String t : tasks) {
            List<String> ran = agents.stream().filter(a -> scores.runs(a, t) != null).toList();
            int pairs = ran.size() * (ran.size() - 1) / 2;
            for (int i = 0; i < ran.size(); i++) {
                for (int j = i + 1; j < ran.size(); j++) {
                    double hi = scores.taskMean(ran.get(i), t);
                    double hj = scores.taskMean(ran.get(j), t);
                    battles.add(new Battle(ran.get(i), ran.get(j), hi > hj ? 1 : hi < hj ? 0 : 0.5, 1.0 / pairs));
                }
            }
        }
        return battles;
    }

    /**
     * Elo ratings of the agents on the board's tasks with a 95 % interval from resampling tasks (per domain, with
     * replacement, refitting on each replicate's battles): tasks, not battles, are the independent unit (the up to
     * n(n−1)/2 battles of one task share one event). The estimate is the fit on the original tasks.
     */
    public static Map<String, Bootstrap.Interval> eloWithInterval(RunScores scores, int replicates, long seed) {
        Map<String, Double> point = elo(battles(scores, scores.tasks()));
        Map<String, double[]> draws = new LinkedHashMap<>();
        point.keySet().forEach(a -> draws.put(a, new double[replicates]));
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        Map<String, List<String>> byDomain = scores.tasksByDomain();
        for (int r = 0; r < replicates; r++) {
            List<String> sample = new ArrayList<>();
            for (List<String> tasks : byDomain.values()) {
                for (int i = 0; i < tasks.size(); i++) {
                    sample.add(tasks.get(random.nextInt(tasks.size())));
                }
            }
            Map<String, Double> fit = elo(battles(scores, sample));
            for (Map.Entry<String, double[]> e : draws.entrySet()) {
                // an agent absent from every drawn task has no rating in this replicate: it keeps the centre
                e.getValue()[r] = fit.getOrDefault(e.getKey(), CENTRE);
            }
        }
        Map<String, Bootstrap.Interval> result = new LinkedHashMap<>();
        point.forEach((a, v) -> result.put(a, new Bootstrap.Interval(v, Bootstrap.quantile(draws.get(a), 2.5),
                Bootstrap.quantile(draws.get(a), 97.5))));
        return result;
    }

    /** The predicted probability that an agent rated {@code ri} beats one rated {@code rj}. */
    public static double winProbability(double ri, double rj) {
        return 1 / (1 + Math.pow(BASE, (rj - ri) / SCALE));
    }
}
