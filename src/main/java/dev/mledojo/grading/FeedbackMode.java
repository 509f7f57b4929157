package dev.mledojo.grading;

/**
 * Which answers scores shown during an episode use: the held-out {@code split} (default), all rows ({@code full},
 * MLE-Dojo's behaviour) or none.
 */
public enum FeedbackMode {
    SPLIT, FULL, NONE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
