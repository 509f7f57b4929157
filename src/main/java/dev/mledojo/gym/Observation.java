package dev.mledojo.gym;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an agent observes after a step: the action's status, the feedback text, the structured result, the typed
 * error (if any), the current and best scores on the feedback part, and where the episode stands.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Observation(String action, String status, String feedback, Map<String, Object> result,
        Map<String, Object> error, Scores scores, int stepCount, Remaining remaining, boolean done, String doneReason) {

    /** Feedback-part scores: this step's submission (if any) and the best so far. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Scores(Double currentRaw, Double currentHumanRank, Double bestRaw, Double bestHumanRank,
            Integer bestSubmission) {
    }

    /** Budget left after this step. */
    public record Remaining(int steps, long wallTimeSeconds) {
    }
}
