package dev.mledojo.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.episode.TrajectoryExports;
import dev.mledojo.grading.Medal;
import dev.mledojo.gym.StepView;

/**
 * The lines of the JSONL datasets (schema in {@code src/docs/datasets.md}), built from one {@link DatasetEpisode}:
 * plain Java, no I/O. SFT: one line per episode with its conversation; RL: one line per step.
 */
public final class DatasetLines {

    /** The system message of a synthesized conversation (agents that used no model through the gateway). */
    public static final String SYNTHESIZED_SYSTEM = "You are an agent solving a machine-learning engineering task in "
            + "the MLE-Dojo environment. Answer each observation with exactly one action as JSON "
            + "{\"action\": <name>, \"params\": {...}}; the actions are request_info (info_type), validate_code (code), "
            + "execute_code (code), get_history and reset. Your code reads the task's data under /data and writes its "
            + "submission file to /workspace.";

    private DatasetLines() {
    }

    /** Where an SFT line's messages come from. */
    public static String source(DatasetEpisode e) {
        return e.messages().isEmpty() ? "synthesized" : "llm";
    }

    /**
     * The SFT line: the episode's identity and outcome, and {@code messages}. For an agent that talked to a model
     * through the gateway, the messages it sent and the replies it got, as recorded; otherwise a synthesized
     * conversation: {@link #SYNTHESIZED_SYSTEM}, a user message naming the task and budget, then for each step the
     * action the agent sent (assistant) and the feedback it read (user), exactly as in {@code agent_trajectory.json}.
     */
    public static Map<String, Object> sft(DatasetEpisode e, ObjectMapper json) {
        List<Map<String, String>> messages = new ArrayList<>();
        if (e.messages().isEmpty()) {
            messages.add(TrajectoryExports.message("system", SYNTHESIZED_SYSTEM));
            messages.add(TrajectoryExports.message("user", opening(e)));
        }
        messages.addAll(TrajectoryExports.agentTrajectory(e.messages(), e.messages().isEmpty() ? e.steps() : List.of(),
                json));
        Map<String, Object> line = header(e);
        line.put("source", source(e));
        line.put("steps", e.stepCount());
        line.put("total_reward", e.totalReward());
        outcome(line, e);
        line.put("messages", messages);
        return line;
    }

    /** The first user message of a synthesized conversation. */
    static String opening(DatasetEpisode e) {
        return "Task " + e.task() + (e.taskTitle() == null ? "" : " (" + e.taskTitle() + ")") + ", domain " + e.domain()
                + ". Budget: " + e.maxSteps() + " steps, " + e.wallTimeSeconds() + " s of wall time.";
    }

    /**
     * The RL lines, one per recorded step in order: the observation the step returned, the action taken, its
     * intermediate reward (as recorded: null when the action was not scored), {@code terminated}/{@code truncated}/
     * {@code done} (true on the last step only: truncated when a budget ended the episode, terminated otherwise),
     * {@code info}, and on the last step the episode's final reward and result ({@code final_reward} and
     * {@code final} are null on the others).
     */
    public static List<Map<String, Object>> rl(DatasetEpisode e) {
        List<Map<String, Object>> lines = new ArrayList<>(e.steps().size());
        for (int i = 0; i < e.steps().size(); i++) {
            StepView s = e.steps().get(i);
            boolean last = i == e.steps().size() - 1;
            Map<String, Object> line = header(e);
            line.put("step", s.step());
            Map<String, Object> observation = new LinkedHashMap<>();
            observation.put("action", s.action());
            observation.put("status", s.status());
            observation.put("feedback", s.feedback());
            observation.put("result", s.result());
            observation.put("error", s.errorKind() == null ? null : Map.of("kind", s.errorKind()));
            line.put("observation", observation);
            Map<String, Object> action = new LinkedHashMap<>();
            action.put("action", s.action());
            action.put("params", s.params());
            line.put("action", action);
            line.put("reward", s.reward());
            boolean truncated = last && e.truncated();
            boolean terminated = last && !truncated;
            line.put("terminated", terminated);
            line.put("truncated", truncated);
            line.put("done", terminated || truncated);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("status", s.status());
            info.put("error_kind", s.errorKind());
            info.put("started_at", s.startedAt().toString());
            info.put("duration_ms", s.durationMs());
            if (last) {
                info.put("end_reason", e.endReason());
            }
            line.put("info", info);
            line.put("final_reward", last ? e.finalReward() : null);
            if (last) {
                Map<String, Object> fin = new LinkedHashMap<>();
                outcome(fin, e);
                line.put("final", fin);
            } else {
                line.put("final", null);
            }
            lines.add(line);
        }
        return lines;
    }

    /** The index line of the trajectories zip: the episode's identity, outcome and the folder of its files. */
    public static Map<String, Object> index(DatasetEpisode e, String folder) {
        Map<String, Object> line = header(e);
        line.put("path", folder);
        line.put("source", source(e));
        line.put("steps", e.stepCount());
        line.put("total_reward", e.totalReward());
        outcome(line, e);
        return line;
    }

    private static Map<String, Object> header(DatasetEpisode e) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("episode", e.id());
        line.put("task", e.task());
        line.put("task_version", e.taskVersion());
        line.put("domain", e.domain());
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("owner", e.agent().owner());
        agent.put("name", e.agent().name());
        agent.put("version", e.agent().version());
        agent.put("kind", e.agent().kind());
        line.put("agent", agent);
        line.put("submission", e.submission());
        line.put("seed", e.seed());
        return line;
    }

    private static void outcome(Map<String, Object> line, DatasetEpisode e) {
        var r = e.result();
        boolean valid = r != null && r.valid();
        line.put("valid", valid);
        line.put("human_rank", r == null ? null : r.humanRank());
        line.put("medal", (r == null || r.medal() == null ? Medal.NONE : r.medal()).name().toLowerCase(Locale.ROOT));
        line.put("above_median", r != null && r.aboveMedian());
        line.put("final_score", r == null ? null : r.finalScore());
        line.put("final_reward", e.finalReward());
        line.put("end_reason", e.endReason());
        line.put("ended_at", e.endedAt() == null ? null : e.endedAt().toString());
    }
}
