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
}
