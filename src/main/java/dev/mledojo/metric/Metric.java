package dev.mledojo.metric;

/**
 * One scoring function, identified by a catalogue metric id (see METRICS.md); each implementation is one CDI bean.
 *
 * <p>Implementations are pure: they get the ground truth and the submission as {@link Table}s and return a double.
 * Unless {@link #alignment()} says otherwise, the grader has already validated the submission (row count, one row per
 * id, id set, required columns) and reordered it so that row {@code i} of both tables describes the same id.
 */
public interface Metric {

    /** The catalogue id, e.g. {@code roc_auc}. */
    String id();

    /** The natural direction of the metric; a task may not override it (the catalogue never does). */
    boolean higherIsBetter();

    /** How the grader pairs submission rows with truth rows before calling {@link #score}. */
    default Alignment alignment() {
        return Alignment.BY_ID;
    }

    /**
     * Scores a submission.
     *
     * @throws InvalidSubmissionException when the submission is malformed in a way only the metric can see
     * @throws ScoringException when the reference grader would fail to evaluate (library error, bad label types)
     */
    double score(Table truth, Table submission, MetricContext context);

    /**
     * Whether {@link #score} reads the submission's prediction columns only as numbers ({@link Table#numbers},
     * {@link Table#numbersReadOnly}), never as text. Then the grader lets each such column's text go once it is
     * parsed ({@link Table#keepOnlyNumbers}), so that a large submission is held as doubles rather than as its bytes; a
     * metric that says so and reads the text all the same fails with an {@link IllegalStateException}.
     */
    default boolean readsPredictionsOnlyAsNumbers() {
        return false;
    }

    /**
     * The prediction cell that reproduces a truth cell exactly: the cell itself, unless the metric's submission format
     * differs from its answers (kuzushiji: boxes in the answers, points in submissions). The platform's review submits
     * the answers through this to check that they score the metric's optimum.
     */
    default String perfectPrediction(String truthCell) {
        return truthCell;
    }

    /** How rows are paired before scoring. */
    enum Alignment {
        /** One row per id; the grader checks the id sets and reorders the submission into truth order. */
        BY_ID,
        /**
         * The metric pairs rows itself (long formats, inner merges, file order); the grader only checks that the
         * required columns exist and the size limits hold.
         */
        CUSTOM
    }
}
