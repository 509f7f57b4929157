package dev.mledojo.episode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.mledojo.gym.Observation;
import dev.mledojo.gym.StepView;

/** Episodes on the wire. */
public final class EpisodeViews {

    private EpisodeViews() {
    }

    /** {@code POST /api/v1/episodes}. */
    public record CreateRequest(String task, Long seed, Budget budget, @JsonProperty("score_mode") String scoreMode) {
    }

    /** Budget of an episode: steps and wall time in seconds. */
    public record Budget(@JsonProperty("max_steps") Integer maxSteps, @JsonProperty("wall_time_s") Integer wallTimeS) {
    }

    /** The created episode and its first observation. */
    public record Created(String id, String task, int version, Observation observation) {
    }

    /** {@code POST /api/v1/episodes/{id}/step}. */
    public record StepRequest(String action, Map<String, Object> params) {
    }

    /** Gym's {@code (observation, reward, done, info)}. */
    public record StepResponse(Observation observation, Double reward, boolean done, Map<String, Object> info) {
    }

    /** An episode's state and, once closed, its result. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EpisodeView(String id, String task, int version, String dataHash, String owner, String agentKind, String state,
            long seed, int stepCount, int maxSteps, int wallTimeS, String scoreMode, String feedbackMode,
            double totalReward, Double bestScore, Double bestHumanRank, Integer bestSubmission, Instant createdAt,
            Instant endedAt, String endReason, EpisodeResult result) {
    }

    /** The environment history. */
    public record History(String id, String task, List<StepView> steps) {
    }
}
