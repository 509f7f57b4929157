package dev.mledojo.leaderboard.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The unit of every board statistic: per agent and task, the HumanRank of each run (seed), failed runs counted as 0,
 * never dropped; and each task's domain. Agents, tasks and domains are kept in sorted order, so that every computation
 * over them (and every bootstrap draw) is reproducible.
 */
public final class RunScores {

    private final Map<String, String> domainOf;
    private final Map<String, Map<String, double[]>> runs;

    private RunScores(Map<String, String> domainOf, Map<String, Map<String, double[]>> runs) {
        this.domainOf = domainOf;
        this.runs = runs;
    }

    /** Builds the table; every task an agent ran must have a domain, every run a score in [0, 1]. */
    public static RunScores of(Map<String, String> domainOf, Map<String, Map<String, double[]>> runs) {
        Map<String, Map<String, double[]>> copy = new TreeMap<>();
        runs.forEach((agent, byTask) -> {
            Map<String, double[]> tasks = new TreeMap<>();
            byTask.forEach((task, scores) -> {
                if (!domainOf.containsKey(task)) {
                    throw new IllegalArgumentException("task " + task + " has no domain");
                }
                if (scores.length == 0) {
                    throw new IllegalArgumentException(agent + " has no run on " + task);
                }
                for (double s : scores) {
                    if (!(s >= 0 && s <= 1)) {
                        throw new IllegalArgumentException(agent + " on " + task + ": HumanRank " + s + " is not in [0, 1]");
                    }
                }
                tasks.put(task, scores.clone());
            });
            copy.put(agent, Collections.unmodifiableMap(tasks));
        });
        return new RunScores(Map.copyOf(domainOf), Collections.unmodifiableMap(copy));
    }

    public List<String> agents() {
        return List.copyOf(runs.keySet());
    }

    /** The tasks of the board: those with a domain, sorted. */
    public List<String> tasks() {
        return List.copyOf(new TreeSet<>(domainOf.keySet()));
    }

    public String domain(String task) {
        return Objects.requireNonNull(domainOf.get(task), task);
    }

    /** Domains and their tasks, both sorted. */
    public Map<String, List<String>> tasksByDomain() {
        Map<String, List<String>> byDomain = new TreeMap<>();
        for (String t : tasks()) {
            byDomain.computeIfAbsent(domainOf.get(t), d -> new ArrayList<>()).add(t);
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        byDomain.forEach((d, ts) -> frozen.put(d, List.copyOf(ts)));
        return frozen;
    }

    /** The runs of an agent on a task, or null when it has none. */
    public double[] runs(String agent, String task) {
        double[] r = runs.getOrDefault(agent, Map.of()).get(task);
        return r == null ? null : r.clone();
    }

    /** Whether the agent has at least one run on every task of the board. */
    public boolean covers(String agent) {
        return runs.getOrDefault(agent, Map.of()).keySet().containsAll(domainOf.keySet());
    }

    /** How many of the board's tasks the agent ran. */
    public int coverage(String agent) {
        return (int) runs.getOrDefault(agent, Map.of()).keySet().stream().filter(domainOf::containsKey).count();
    }

    /** The expected score of an agent on a task: the mean of its runs. */
    public double taskMean(String agent, String task) {
        double[] r = runs.get(agent).get(task);
        double sum = 0;
        for (double v : r) {
            sum += v;
        }
        return sum / r.length;
    }
}
