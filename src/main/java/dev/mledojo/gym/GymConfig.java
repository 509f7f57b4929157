package dev.mledojo.gym;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Defaults and limits of the Gym environment. */
@ConfigMapping(prefix = "dojo.gym")
public interface GymConfig {

    /** Largest accepted code, in bytes (UTF-8). */
    @WithName("max-code-bytes")
    @WithDefault("200000")
    int maxCodeBytes();

    /** Step budget of an episode when the request names none. */
    @WithName("default-max-steps")
    @WithDefault("50")
    int defaultMaxSteps();

    /** Largest step budget a request may ask for. */
    @WithName("max-steps-limit")
    @WithDefault("500")
    int maxStepsLimit();

    /** The feedback formatter used when the episode names none. */
    @WithName("feedback-format")
    @WithDefault("text")
    String feedbackFormat();

    /** How many characters of a program's output the feedback text quotes (the structured result has more). */
    @WithName("feedback-output-chars")
    @WithDefault("4000")
    int feedbackOutputChars();

    /**
     * Most bytes the archived submissions of one episode may hold together (they live next to the workspace, outside
     * the sandbox); when a new archive would go over, the oldest archives are deleted first (their code and grade stay
     * in the database). The newest archive is always kept (it is at most {@code dojo.grading.max-bytes}).
     */
    @WithName("max-archived-bytes")
    @WithDefault("1073741824")
    long maxArchivedBytes();

    /** Largest accepted string param of a step other than {@code code}, in characters. */
    @WithName("max-param-chars")
    @WithDefault("65536")
    int maxParamChars();
}
