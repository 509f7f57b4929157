package dev.mledojo.leaderboard.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Area under the performance profile, as the MLE-Dojo paper defines it (after ML-Gym): per task, each agent's ratio to
 * the best raw score of the cohort ({@code score / best} when lower is better, {@code best / score} when higher is
 * better); an agent without a valid score gets (1 + ε) times the worst valid ratio of the task, ε = 1; ratios are
 * capped at 100 (a ratio that is undefined, a non-positive score, counts as the cap). The profile ρ(τ) is the share of
 * tasks with log10(ratio) ≤ τ; AUP is its left-step integral on 500 points over [0, τ_max], τ_max =
 * log10(ceil(1.05 × worst ratio)) rounded up to one decimal. AUP depends on the cohort and its τ_max: it is only
 * comparable within one board.
 */
public final class Aup {

    public static final double EPSILON = 1.0;
    public static final double CAP = 100;
    public static final int GRID = 500;

    /** One task: whether higher is better, and each agent's raw score (null: no valid score). */
    public record Task(boolean higherIsBetter, Map<String, Double> scores) {
    }

    /** Every agent's AUP, and the τ_max it was integrated to. */
    public record Result(Map<String, Double> aup, double tauMax) {
    }

    private Aup() {
    }

    public static Result compute(List<String> agents, List<Task> tasks) {
        List<Map<String, Double>> ratios = new ArrayList<>();
        double worst = 1;
        for (Task t : tasks) {
            Map<String, Double> r = ratios(agents, t);
            ratios.add(r);
            for (double v : r.values()) {
                worst = Math.max(worst, v);
            }
        }
        double tauMax = Math.ceil(Math.log10(Math.ceil(worst * 1.05)) * 10 - 1e-9) / 10;
        Map<String, Double> aup = new LinkedHashMap<>();
        double step = tauMax / (GRID - 1);
        for (String a : agents) {
            double area = 0;
            for (int i = 0; i < GRID - 1; i++) {
                double tau = i * step;
                int within = 0;
                for (Map<String, Double> r : ratios) {
                    if (Math.log10(r.get(a)) <= tau + 1e-12) {
                        within++;
                    }
                }
                area += (double) within / ratios.size() * step;
            }
            aup.put(a, area);
        }
        return new Result(aup, tauMax);
    }

    /** The capped ratios of one task, infeasible agents included. */
    static Map<String, Double> ratios(List<String> agents, Task t) {
        Double best = null;
        for (String a : agents) {
            Double s = t.scores().get(a);
            if (s != null && !s.isNaN()) {
                best = best == null ? s : t.higherIsBetter() ? Math.max(best, s) : Math.min(best, s);
            }
        }
        Map<String, Double> r = new LinkedHashMap<>();
        double worstValid = 1;
        for (String a : agents) {
            Double s = t.scores().get(a);
            if (s == null || s.isNaN()) {
                continue;
            }
            double ratio;
            if (s.equals(best)) {
                ratio = 1;
            } else if (t.higherIsBetter()) {
                ratio = s > 0 && best > 0 ? best / s : CAP;
            } else {
                ratio = best > 0 ? s / best : CAP;
            }
            ratio = Math.min(CAP, ratio);
            r.put(a, ratio);
            worstValid = Math.max(worstValid, ratio);
        }
        for (String a : agents) {
            if (!r.containsKey(a)) {
                r.put(a, Math.min(CAP, (1 + EPSILON) * worstValid));
            }
        }
        return r;
    }
}
