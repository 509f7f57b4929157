package dev.mledojo.episode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.gym.StepView;

/**
 * The MLE-Dojo-compatible trajectory files of one episode, {@code env_history.json} and {@code agent_trajectory.json},
 * built from its recorded rows; plain Java, shared by the per-episode exports and the dataset exports.
 */
public final class TrajectoryExports {

    private TrajectoryExports() {
    }

    /** One message of the agent's conversation as recorded by the LLM gateway. */
    public record Message(String role, String content) {
    }

    /** The submission the result counts: its code, feedback-part raw score and HumanRank (MLE-Dojo's "position"). */
    public record BestSubmission(String code, Double rawScore, Double positionScore) {
    }

    /** What {@code env_history.json} is built from. */
    public record EnvHistory(String competition, List<StepView> steps, double totalReward, BestSubmission best,
            int stepCount, Instant createdAt) {
    }

    /** {@code env_history.json}: every action with its result and feedback, the total reward and the best code. */
    public static Map<String, Object> envHistory(EnvHistory h) {
        List<Map<String, Object>> actions = new ArrayList<>();
        for (StepView s : h.steps()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("step", s.step());
            a.put("action", s.action());
            a.put("timestamp", s.startedAt().toString());
            a.put("result", s.result());
            a.put("feedback", s.feedback());
            actions.add(a);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("competition", h.competition());
        out.put("actions", actions);
        out.put("total_reward", h.totalReward());
        out.put("best_code", h.best() == null ? null : h.best().code());
        out.put("best_raw_score", h.best() == null ? null : h.best().rawScore());
        out.put("best_position_score", h.best() == null ? null : h.best().positionScore());
        out.put("step_count", h.stepCount());
        out.put("created_at", h.createdAt().toString());
        return out;
    }

    /**
     * {@code agent_trajectory.json}: the messages recorded by the LLM gateway when there are any (the agent's real
     * conversation); otherwise each action the agent sent (assistant, as JSON {@code {action, params}}) followed by the
     * feedback it read (user).
     */
    public static List<Map<String, String>> agentTrajectory(List<Message> recorded, List<StepView> steps,
            ObjectMapper json) {
        List<Map<String, String>> messages = new ArrayList<>();
        if (!recorded.isEmpty()) {
            for (Message m : recorded) {
                messages.add(message(m.role(), m.content()));
            }
            return messages;
        }
        for (StepView s : steps) {
            messages.add(message("assistant", actionJson(s, json)));
            messages.add(message("user", s.feedback()));
        }
        return messages;
    }

    /** A {@code {role, content}} message, in that order. */
    public static Map<String, String> message(String role, String content) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    /** A step's action as the agent sent it: {@code {"action": ..., "params": {...}}}. */
    public static String actionJson(StepView s, ObjectMapper json) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("action", s.action());
        call.put("params", s.params());
        try {
            return json.writeValueAsString(call);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a recorded step's params are not JSON", e);
        }
    }
}
