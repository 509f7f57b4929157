package dev.mledojo.kubernetes;

import dev.mledojo.episode.EpisodeState;
import dev.mledojo.episode.FailureReason;

/**
 * What the cluster's facts mean for an episode: the state it moves to (FAILED with a reason, or FINISHED with its best
 * submission so far), why, whether a failure is retried, and whether the Job is deleted.
 *
 * @param target FAILED or FINISHED, or null when only the episode's objects are to be cleaned up (its token Secret,
 *        and its Job when {@code deleteJob}: an orphan)
 * @param reason the failure reason (FAILED only)
 * @param retry whether an INFRA_ERROR is retried (false for a configuration error an admin must fix)
 */
public record Transition(EpisodeState target, FailureReason reason, String detail, boolean retry, boolean deleteJob) {

    static Transition fail(FailureReason reason, String detail, boolean deleteJob) {
        return new Transition(EpisodeState.FAILED, reason, detail, reason == FailureReason.INFRA_ERROR, deleteJob);
    }

    static Transition failForGood(FailureReason reason, String detail, boolean deleteJob) {
        return new Transition(EpisodeState.FAILED, reason, detail, false, deleteJob);
    }

    static Transition finish(String detail) {
        return new Transition(EpisodeState.FINISHED, null, detail, false, false);
    }

    /** The episode is closed and its Job finished: only the token Secret goes (the Job stays until its TTL). */
    static Transition cleanUp() {
        return new Transition(null, null, "the Job's episode is closed and the Job finished", false, false);
    }

    static Transition deleteOrphan() {
        return new Transition(null, null, "the Job's episode is closed", false, true);
    }
}
