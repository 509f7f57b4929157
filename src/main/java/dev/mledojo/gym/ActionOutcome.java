package dev.mledojo.gym;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an action produced: a status, the structured result an agent can parse, the sections of its feedback text,
 * an optional reward, and an optional graded submission for the environment to record.
 *
 * @param result structured result (JSON on the wire)
 * @param sections feedback sections (title → body) that the feedback formatter renders
 * @param error the typed error when the status is {@code error}
 * @param reward the reward of this step, or null for none
 * @param submission a graded submission to record, or null
 * @param resetWorkspace true when the environment must start from a fresh state (the {@code reset} action)
 */
public record ActionOutcome(Status status, Map<String, Object> result, Map<String, String> sections, StepError error,
        Double reward, GradedSubmission submission, boolean resetWorkspace) {

    /** Whether the action did what was asked. */
    public enum Status {
        SUCCESS, ERROR;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static ActionOutcome success(Map<String, Object> result, Map<String, String> sections) {
        return new ActionOutcome(Status.SUCCESS, result, sections, null, null, null, false);
    }

    public static ActionOutcome error(StepError error, Map<String, Object> result, Map<String, String> sections) {
        Map<String, String> s = new LinkedHashMap<>(sections);
        s.putIfAbsent("Error", error.describe());
        return new ActionOutcome(Status.ERROR, result, s, error, null, null, false);
    }

    /** An error before anything ran (unknown action, bad params). */
    public static ActionOutcome rejected(StepError error) {
        return error(error, Map.of("error", error.toMap()), Map.of());
    }

    public ActionOutcome withReward(Double r) {
        return new ActionOutcome(status, result, sections, error, r, submission, resetWorkspace);
    }

    public ActionOutcome withSubmission(GradedSubmission s) {
        return new ActionOutcome(status, result, sections, error, reward, s, resetWorkspace);
    }

    public ActionOutcome withReset() {
        return new ActionOutcome(status, result, sections, error, reward, submission, true);
    }
}
