package dev.mledojo.agent;

import java.util.Map;
import java.util.Optional;

import dev.mledojo.gym.Observation;

/**
 * The decisions of one agent in one episode: given the last observation, the next action to take, or empty to stop.
 * A policy instance lives for one episode (it may keep state); the runner drives it through the same environment
 * actions an external agent uses over HTTP.
 */
public interface AgentPolicy {

    /** One action: its name and params, exactly as {@code POST /api/v1/episodes/{id}/step} takes them. */
    record Decision(String action, Map<String, Object> params) {
    }

    /**
     * @param last the observation after the previous step (the episode's start observation first)
     * @param task what the agent knows about the task without asking (id, metric, columns, submission file)
     */
    Optional<Decision> next(Observation last, TaskBrief task);

    /** What every agent is told about its task up front (the same facts request_info metadata gives). */
    record TaskBrief(String id, String title, String domain, String metric, boolean higherIsBetter, String idColumn,
            java.util.List<String> targetColumns, String submissionFile, int maxSteps) {
    }
}
