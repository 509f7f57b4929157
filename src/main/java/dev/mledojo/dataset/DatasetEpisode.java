package dev.mledojo.dataset;

import java.time.Instant;
import java.util.List;

import dev.mledojo.episode.EpisodeResult;
import dev.mledojo.episode.TrajectoryExports;
import dev.mledojo.gym.StepView;

/**
 * One finished episode as a dataset holds it, detached from the database: who ran which task, its budget, its result,
 * every recorded step, the conversation the LLM gateway recorded (empty for agents that use no model) and the
 * submission its result counts.
 */
public record DatasetEpisode(String id, String task, int taskVersion, String taskTitle, String domain, Agent agent,
        Long submission, long seed, int maxSteps, int wallTimeSeconds, Instant createdAt, Instant endedAt,
        String endReason, double totalReward, int stepCount, EpisodeResult result, List<StepView> steps,
        List<TrajectoryExports.Message> messages, TrajectoryExports.BestSubmission best) {

    /** The agent version that ran it. */
    public record Agent(String owner, String name, int version, String kind) {
    }

    /** Whether a budget (steps, wall time, tokens, cost) ended it, rather than the agent or its owner. */
    public boolean truncated() {
        return endReason != null && endReason.contains("budget exhausted");
    }

    /** The final (outcome) reward: the final-part HumanRank of the result, 0 when no valid submission counts. */
    public double finalReward() {
        return result != null && result.valid() && result.humanRank() != null ? result.humanRank() : 0.0;
    }
}
