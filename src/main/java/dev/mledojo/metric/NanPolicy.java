package dev.mledojo.metric;

import java.util.Locale;

/** What a NaN (missing or unparsable-as-missing) prediction does to a score, following METRICS.md's {@code nan} key. */
public enum NanPolicy {
    /** pandas reductions: the row drops out of the mean (and of its denominator). */
    SKIP,
    /** NumPy arrays: any NaN makes the score NaN. */
    PROPAGATE,
    /** scikit-learn/scipy input validation: evaluation fails with "Input contains NaN". */
    ERROR;

    static NanPolicy parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "skip" -> SKIP;
            case "propagate" -> PROPAGATE;
            case "error" -> ERROR;
            default -> throw new IllegalArgumentException("unknown nan policy '" + value + "' (skip|propagate|error)");
        };
    }
}
