package dev.mledojo.leaderboard.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every statistic of one board, computed from the runs of its agents on its tasks (methodology.md): mean HumanRank
 * (task-weighted and domain-balanced, bootstrap 95 % intervals), rank bands among the agents that cover every task of
 * the board, per-domain means, Bradley–Terry Elo with a task-resampling interval, AUP on raw scores (the paper's rule,
 * over the covering agents), any-medal and above-median rates ± SEM over seeds, valid-submission rate, best-of-2, and
 * effort per task. Pure: no I/O, deterministic for a given seed.
 */
public final class BoardStats {

    /** One counted run (an agent's failure is a run at HumanRank 0 without a valid score). */
    public record Run(double humanRank, boolean valid, Double score, boolean medal, boolean aboveMedian, Integer steps,
            Long tokens, Double cost, Long wallSeconds) {
    }

    /** An agent's runs on one task. */
    public record Cell(String agent, String task, List<Run> runs) {
        public Cell {
            if (runs.isEmpty()) {
                throw new IllegalArgumentException(agent + " has no run on " + task);
            }
            runs = List.copyOf(runs);
        }
    }

    /** A task of the board: its domain and the direction of its raw metric. */
    public record Task(String slug, String domain, boolean higherIsBetter) {
    }

    /** How much resampling: replicates of the HumanRank bootstrap and of the Elo bootstrap, and the seed. */
    public record Options(int replicates, int eloReplicates, long seed) {
        public static final Options DEFAULT = new Options(1000, 100, 20261203L);
    }

    /** One agent's line; {@code rank} is null when the agent does not cover every task of the board. */
    public record Line(String agent, int tasks, int episodes, Bootstrap.Interval humanRank, Bootstrap.Interval balanced,
            Bootstrap.RankBand rank, Map<String, Double> domains, Bootstrap.Interval elo, Double aup,
            Summaries.Rate anyMedal, Summaries.Rate aboveMedian, double validRate, Double bestOf2,
            Double stepsPerTask, Double tokensPerTask, Double costPerTask, Double wallSecondsPerTask, int seedsMin,
            int seedsMax) {
    }

    /**
     * The board: lines in the order of the agents given, the number of tasks with results, how many agents are ranked,
     * AUP's τ_max (null without AUP), whether the Elo fit exists (when not, no agent has an Elo), and how it was computed.
     */
    public record Result(List<Line> lines, int tasks, int ranked, Double aupTauMax, boolean eloIdentified,
            Options options) {
    }

    private BoardStats() {
    }

    /**
     * @param tasks the board's tasks that have results (every cell's task must be one of them)
     * @param cells every agent's runs on those tasks
     */
    public static Result compute(List<Task> tasks, List<Cell> cells, Options options) {
        Map<String, Task> taskBySlug = new LinkedHashMap<>();
        tasks.forEach(t -> taskBySlug.put(t.slug(), t));
        Map<String, Map<String, List<Run>>> byAgent = new TreeMap<>();
        for (Cell c : cells) {
            if (!taskBySlug.containsKey(c.task())) {
                throw new IllegalArgumentException("task " + c.task() + " is not on the board");
            }
            byAgent.computeIfAbsent(c.agent(), a -> new TreeMap<>()).put(c.task(), c.runs());
        }
        Map<String, String> domainOf = new HashMap<>();
        taskBySlug.values().forEach(t -> domainOf.put(t.slug(), t.domain()));
        Map<String, Map<String, double[]>> humanRanks = new LinkedHashMap<>();
        byAgent.forEach((agent, byTask) -> {
            Map<String, double[]> runs = new TreeMap<>();
            byTask.forEach((task, rs) -> runs.put(task, rs.stream().mapToDouble(Run::humanRank).toArray()));
            humanRanks.put(agent, runs);
        });
        RunScores all = RunScores.of(domainOf, humanRanks);

        // the agents that cover every task are compared jointly (paired draws, rank bands)
        Bootstrap.Result joint = Bootstrap.meanHumanRank(all, Bootstrap.Weighting.TASK, options.replicates(),
                options.seed());
        Bootstrap.Result jointBalanced = Bootstrap.meanHumanRank(all, Bootstrap.Weighting.DOMAIN, options.replicates(),
                options.seed());
        // Elo only when the fit exists (every agent won or tied against someone and lost or tied against someone,
        // transitively): otherwise the numbers would be the ridge's, not the data's
        boolean eloIdentified = byAgent.size() >= 2 && BradleyTerry.identified(BradleyTerry.battles(all, all.tasks()));
        Map<String, Bootstrap.Interval> elo = eloIdentified
                ? BradleyTerry.eloWithInterval(all, options.eloReplicates(), options.seed()) : Map.of();
        List<String> covering = all.agents().stream().filter(all::covers).toList();
        Aup.Result aup = null;
        if (covering.size() >= 2) {
            List<Aup.Task> aupTasks = new ArrayList<>();
            for (Task t : taskBySlug.values()) {
                Map<String, Double> scores = new HashMap<>();
                for (String a : covering) {
                    scores.put(a, meanValidScore(byAgent.get(a).get(t.slug())));
                }
                aupTasks.add(new Aup.Task(t.higherIsBetter(), scores));
            }
            aup = Aup.compute(covering, aupTasks);
        }

        List<Line> lines = new ArrayList<>();
        for (var entry : byAgent.entrySet()) {
            String agent = entry.getKey();
            Map<String, List<Run>> byTask = entry.getValue();
            Bootstrap.Interval hr = joint.scores().get(agent);
            Bootstrap.Interval bal = jointBalanced.scores().get(agent);
            if (hr == null) { // partial coverage: its own interval over the tasks it ran, unranked
                Map<String, String> own = new HashMap<>();
                byTask.keySet().forEach(t -> own.put(t, domainOf.get(t)));
                RunScores alone = RunScores.of(own, Map.of(agent, humanRanks.get(agent)));
                hr = Bootstrap.meanHumanRank(alone, Bootstrap.Weighting.TASK, options.replicates(), options.seed())
                        .scores().get(agent);
                bal = Bootstrap.meanHumanRank(alone, Bootstrap.Weighting.DOMAIN, options.replicates(), options.seed())
                        .scores().get(agent);
            }
            Map<String, List<Double>> perDomain = new TreeMap<>();
            int episodes = 0;
            int valid = 0;
            int seedsMin = Integer.MAX_VALUE;
            int seedsMax = 0;
            double bestOf2 = 0;
            boolean bestOf2Defined = true;
            Effort effort = new Effort();
            for (var t : byTask.entrySet()) {
                List<Run> runs = t.getValue();
                double[] h = runs.stream().mapToDouble(Run::humanRank).toArray();
                perDomain.computeIfAbsent(domainOf.get(t.getKey()), d -> new ArrayList<>()).add(mean(h));
                episodes += runs.size();
                valid += (int) runs.stream().filter(Run::valid).count();
                seedsMin = Math.min(seedsMin, runs.size());
                seedsMax = Math.max(seedsMax, runs.size());
                if (runs.size() >= 2) {
                    bestOf2 += Summaries.bestOfK(h, 2);
                } else {
                    bestOf2Defined = false;
                }
                effort.add(runs);
            }
            Map<String, Double> domains = new LinkedHashMap<>();
            perDomain.forEach((d, v) -> domains.put(d, v.stream().mapToDouble(x -> x).average().orElseThrow()));
            lines.add(new Line(agent, byTask.size(), episodes, hr, bal, joint.ranks().get(agent), domains,
                    elo.get(agent), aup == null ? null : aup.aup().get(agent),
                    rate(byTask, seedsMax, Run::medal),
                    rate(byTask, seedsMax, Run::aboveMedian),
                    episodes == 0 ? 0 : (double) valid / episodes,
                    bestOf2Defined ? bestOf2 / byTask.size() : null, effort.steps(), effort.tokens(), effort.cost(),
                    effort.wall(), seedsMin, seedsMax));
        }
        return new Result(lines, taskBySlug.size(), covering.size(), aup == null ? null : aup.tauMax(), eloIdentified,
                options);
    }

    /** The mean raw score of the valid runs, or null when none is valid (AUP's infeasible run). */
    static Double meanValidScore(List<Run> runs) {
        double sum = 0;
        int n = 0;
        for (Run r : runs) {
            if (r.valid() && r.score() != null && !r.score().isNaN()) {
                sum += r.score();
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    /**
     * A rate over seeds on the tasks the agent ran: seed s of a task is its s-th run; a task with fewer runs than the
     * most counts the missing ones as misses (MLE-bench's padding).
     */
    private static Summaries.Rate rate(Map<String, List<Run>> byTask, int seeds, java.util.function.Predicate<Run> hit) {
        boolean[][] hits = new boolean[seeds][byTask.size()];
        int t = 0;
        for (List<Run> runs : byTask.values()) {
            for (int s = 0; s < runs.size(); s++) {
                hits[s][t] = hit.test(runs.get(s));
            }
            t++;
        }
        return Summaries.rateOverSeeds(hits);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Means per task of the per-task mean effort, over the tasks where it was measured. */
    private static final class Effort {
        private final double[] sums = new double[4];
        private final int[] counts = new int[4];

        void add(List<Run> runs) {
            add(0, runs.stream().map(Run::steps).filter(java.util.Objects::nonNull).mapToDouble(Integer::doubleValue));
            add(1, runs.stream().map(Run::tokens).filter(java.util.Objects::nonNull).mapToDouble(Long::doubleValue));
            add(2, runs.stream().map(Run::cost).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue));
            add(3, runs.stream().map(Run::wallSeconds).filter(java.util.Objects::nonNull).mapToDouble(Long::doubleValue));
        }

        private void add(int i, java.util.stream.DoubleStream values) {
            java.util.OptionalDouble m = values.average();
            if (m.isPresent()) {
                sums[i] += m.getAsDouble();
                counts[i]++;
            }
        }

        private Double get(int i) {
            return counts[i] == 0 ? null : sums[i] / counts[i];
        }

        Double steps() {
            return get(0);
        }

        Double tokens() {
            return get(1);
        }

        Double cost() {
            return get(2);
        }

        Double wall() {
            return get(3);
        }
    }
}
