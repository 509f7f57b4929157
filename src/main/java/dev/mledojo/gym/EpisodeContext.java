package dev.mledojo.gym;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import dev.mledojo.grading.FeedbackMode;
import dev.mledojo.sandbox.CodeExecutor;
import dev.mledojo.sandbox.SandboxLimits;
import dev.mledojo.task.TaskService.VersionRef;

/**
 * The state of an episode as an action sees it, detached from the database: the task, the folders, the step being
 * taken, the best result so far and the remaining budget.
 *
 * @param publicDir the task's public data (mounted read-only at {@code /data} in the sandbox)
 * @param workspace the episode's workspace (read-write at {@code /workspace})
 * @param submissionsDir where graded submissions are archived (never mounted into the sandbox)
 * @param step the number of the step being taken (1-based, never reused)
 * @param submissions how many submissions were graded before this step
 * @param best the best valid submission since the last reset (feedback-part score and HumanRank)
 * @param history the steps taken so far, loaded on demand
 * @param podRun for an episode that runs as a Kubernetes Job: the run its pod reported for this step (the code ran
 *        there; this executor hands back its result and puts the uploaded submission into the workspace), else null:
 *        code runs in the platform's sandbox
 */
public record EpisodeContext(String episodeId, VersionRef task, Path publicDir, Path workspace, Path submissionsDir,
        int step, int submissions, Best best, ScoreMode scoreMode,
        FeedbackMode feedbackMode, Budget remaining, SandboxLimits limits, Supplier<List<StepView>> history,
        CodeExecutor podRun) {

    /** The context of a step whose code already ran in the episode's pod and was reported (see {@link #podRun}). */
    public EpisodeContext withPodRun(CodeExecutor reported) {
        return new EpisodeContext(episodeId, task, publicDir, workspace, submissionsDir, step, submissions, best,
                scoreMode, feedbackMode, remaining, limits, history, reported);
    }

    /** How {@code execute_code} is rewarded. */
    public enum ScoreMode {
        /** HumanRank of the feedback-part score (MLE-Dojo's "position" mode). */
        HUMANRANK,
        /** The raw feedback-part score, signed so that higher is better. */
        RAW;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What is left of the episode's budget before this step. */
    public record Budget(int steps, Duration wallTime) {
    }

    /** The sandbox path of the public data. */
    public static final String DATA_MOUNT = "/data";
    /** The sandbox path of the workspace. */
    public static final String WORKSPACE_MOUNT = "/workspace";
}
