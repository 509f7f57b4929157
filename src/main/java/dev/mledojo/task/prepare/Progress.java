package dev.mledojo.task.prepare;

/**
 * A progress report for a live admin view: the step being worked on, in words, and the share of the whole job done
 * so far (0 to 1, never decreasing within one job).
 */
public record Progress(String step, double fraction) {

    public Progress {
        if (step == null || step.isBlank()) {
            throw new IllegalArgumentException("a progress step needs a name");
        }
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("progress fraction must be in [0,1], got " + fraction);
        }
    }
}
