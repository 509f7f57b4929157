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
        double[][] won = new double[n][n];
        double[][] played = new double[n][n];
        for (Battle b : battles) {
            add(won, played, index.get(b.a()), index.get(b.b()), b.scoreA(), b.weight());
        }
        return ratings(agents, fit(won, played, new boolean[n]));
    }

    /** Adds a battle to the pair totals, kept on the i &lt; j side. */
    private static void add(double[][] won, double[][] played, int i, int j, double scoreI, double weight) {
        if (i < j) {
            won[i][j] += weight * scoreI;
            played[i][j] += weight;
        } else {
            won[j][i] += weight * (1 - scoreI);
            played[j][i] += weight;
        }
    }

    /**
     * The maximum-likelihood ratings (in units of log10 odds) from pair totals: battles of the same pair are summed
     * first (the log-likelihood is linear in the outcomes, so the fit is the same as over single battles, and each
     * Newton step costs O(pairs) instead of O(battles)). Agents marked {@code absent} played nothing and are left out.
     */
    private static double[] fit(double[][] won, double[][] played, boolean[] absent) {
        int n = won.length;
        double ln = Math.log(BASE);
        double[] r = new double[n];
        for (int iteration = 0; iteration < 100; iteration++) {
            double[] gradient = new double[n];
            double[][] hessian = new double[n][n];
            for (int i = 0; i < n; i++) {
                gradient[i] = -RIDGE * r[i];
                hessian[i][i] = RIDGE;
            }
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double w = played[i][j];
                    if (w == 0) {
                        continue;
                    }
                    double p = 1 / (1 + Math.exp(-ln * (r[i] - r[j])));
                    double g = ln * (won[i][j] - w * p);
                    gradient[i] += g;
                    gradient[j] -= g;
                    double h = w * ln * ln * p * (1 - p);
                    hessian[i][i] += h;
                    hessian[j][j] += h;
                    hessian[i][j] -= h;
                    hessian[j][i] -= h;
                }
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
        int present = 0;
        for (int i = 0; i < n; i++) {
            if (!absent[i]) {
                mean += r[i];
                present++;
            }
        }
        mean = present == 0 ? 0 : mean / present;
        for (int i = 0; i < n; i++) {
            r[i] -= mean;
        }
        return r;
    }

    private static Map<String, Double> ratings(List<String> agents, double[] r) {
        Map<String, Double> ratings = new LinkedHashMap<>();
        for (int i = 0; i < agents.size(); i++) {
            ratings.put(agents.get(i), SCALE * r[i] + CENTRE);
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
        List<String> agents = new ArrayList<>(point.keySet());
        int n = agents.size();
        // each task's battles as pair totals, so that a replicate only sums the totals of its drawn tasks
        Map<String, double[][][]> perTask = new LinkedHashMap<>();
        for (String t : scores.tasks()) {
            double[][] won = new double[n][n];
            double[][] played = new double[n][n];
            List<Integer> ran = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (scores.runs(agents.get(i), t) != null) {
                    ran.add(i);
                }
            }
            int pairs = ran.size() * (ran.size() - 1) / 2;
            for (int x = 0; x < ran.size(); x++) {
                for (int y = x + 1; y < ran.size(); y++) {
                    int i = ran.get(x);
                    int j = ran.get(y);
                    double hi = scores.taskMean(agents.get(i), t);
                    double hj = scores.taskMean(agents.get(j), t);
                    add(won, played, i, j, hi > hj ? 1 : hi < hj ? 0 : 0.5, 1.0 / pairs);
                }
            }
            perTask.put(t, new double[][][] {won, played});
        }
        double[][] draws = new double[n][replicates];
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        Map<String, List<String>> byDomain = scores.tasksByDomain();
        for (int rep = 0; rep < replicates; rep++) {
            double[][] won = new double[n][n];
            double[][] played = new double[n][n];
            for (List<String> tasks : byDomain.values()) {
                for (int k = 0; k < tasks.size(); k++) {
                    double[][][] drawn = perTask.get(tasks.get(random.nextInt(tasks.size())));
                    for (int i = 0; i < n; i++) {
                        for (int j = i + 1; j < n; j++) {
                            won[i][j] += drawn[0][i][j];
                            played[i][j] += drawn[1][i][j];
                        }
                    }
                }
            }
            boolean[] absent = new boolean[n];
            for (int i = 0; i < n; i++) {
                boolean any = false;
                for (int j = 0; j < n && !any; j++) {
                    any = i < j ? played[i][j] > 0 : j < i && played[j][i] > 0;
                }
                absent[i] = !any;
            }
            double[] r = fit(won, played, absent);
            for (int i = 0; i < n; i++) {
                // an agent absent from every drawn task has no rating in this replicate: it keeps the centre
                draws[i][rep] = absent[i] ? CENTRE : SCALE * r[i] + CENTRE;
            }
        }
        Map<String, Bootstrap.Interval> result = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            result.put(agents.get(i), new Bootstrap.Interval(point.get(agents.get(i)),
                    Bootstrap.quantile(draws[i], 2.5), Bootstrap.quantile(draws[i], 97.5)));
        }
        return result;
    }

    /**
     * Whether the ratings are identified: the maximum-likelihood fit exists only when every agent can reach every other
     * through "won or tied against" (Zermelo's condition, the comparison graph is strongly connected). Otherwise some
     * group never lost to (or never beat) the rest and its ratings run off to infinity, held back only by the ridge.
     */
    public static boolean identified(List<Battle> battles) {
        List<String> agents = new ArrayList<>(new TreeSet<>(battles.stream()
                .flatMap(b -> java.util.stream.Stream.of(b.a(), b.b())).toList()));
        int n = agents.size();
        if (n < 2) {
            return false;
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(agents.get(i), i);
        }
        boolean[][] reach = new boolean[n][n];
        for (Battle b : battles) {
            int i = index.get(b.a());
            int j = index.get(b.b());
            if (b.scoreA() > 0) {
                reach[i][j] = true; // a won (or tied) against b
            }
            if (b.scoreA() < 1) {
                reach[j][i] = true;
            }
        }
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                if (reach[i][k]) {
                    for (int j = 0; j < n; j++) {
                        reach[i][j] |= reach[k][j];
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j && !reach[i][j]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The predicted probability that an agent rated {@code ri} beats one rated {@code rj}. */
    public static double winProbability(double ri, double rj) {
        return 1 / (1 + Math.pow(BASE, (rj - ri) / SCALE));
    }
}
