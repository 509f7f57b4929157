package dev.mledojo.scheduling;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The admission order of queued episodes (DESIGN §10): higher priority first; then the submitter with the fewest
 * running episodes per weight; then the one who was admitted least recently often (fewest admissions in the current
 * window), so that a long queue of one user cannot starve another; then the oldest; then the id, so the order is
 * reproducible. Pure: the scheduler supplies the facts.
 */
public final class FairShare {

    private FairShare() {
    }

    /** A queued episode as the ordering sees it. */
    public record Candidate(String episodeId, String owner, int priority, Instant queuedAt) {
    }

    /** What each owner currently uses. */
    public record Usage(int running, int admittedInWindow, double weight) {
        public static final Usage NONE = new Usage(0, 0, 1.0);
    }

    public static Comparator<Candidate> order(Map<String, Usage> usage) {
        return Comparator.<Candidate>comparingInt(c -> -c.priority())
                .thenComparingDouble(c -> share(usage, c.owner(), true))
                .thenComparingDouble(c -> share(usage, c.owner(), false))
                .thenComparing(Candidate::queuedAt)
                .thenComparing(Candidate::episodeId);
    }

    private static double share(Map<String, Usage> usage, String owner, boolean running) {
        Usage u = usage.getOrDefault(owner, Usage.NONE);
        return (running ? u.running() : u.admittedInWindow()) / Math.max(1e-9, u.weight());
    }

    /** Whether the candidate's owner runs fewer episodes than one submitter may run at once. */
    public static boolean mayStart(Candidate candidate, Map<String, Usage> usage, int perUserConcurrency) {
        return usage.getOrDefault(candidate.owner(), Usage.NONE).running() < perUserConcurrency;
    }

    /** The candidates in admission order. */
    public static List<Candidate> sorted(List<Candidate> candidates, Map<String, Usage> usage) {
        return candidates.stream().sorted(order(usage)).toList();
    }
}
