package dev.mledojo.task;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A value check the reference grader makes on the prediction columns before scoring ({@code checks:} in
 * {@code task.yaml}). Range checks judge numbers only: an empty cell is left to {@link #NO_MISSING}, as pandas'
 * comparisons are false for NaN.
 */
public enum SubmissionCheck {
    /** No empty or NaN cell in a prediction column (home-data, facial-keypoints). */
    NO_MISSING,
    /** No empty or NaN cell anywhere in the submission, id and extra columns included (ashrae, tmdb, winton, ...). */
    NO_MISSING_ANYWHERE,
    /** No infinite prediction. */
    FINITE,
    /** Every prediction is greater than 0. */
    POSITIVE,
    /** Every prediction is at least 0. */
    NON_NEGATIVE,
    /** Every prediction lies within [0, 1]. */
    PROBABILITY,
    /** The prediction columns of each row sum to 1 within 0.001 (hms vote probabilities). */
    ROW_SUMS_TO_ONE;

    /** The name in {@code task.yaml}, e.g. {@code non_negative}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SubmissionCheck> parse(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(name.trim())).findFirst();
    }
}
