package dev.mledojo.metric;

/**
 * The reference grader would fail while evaluating (MLE-Dojo's "EvaluationError: Failed to evaluate submission"),
 * e.g. a scikit-learn input check such as "Input contains NaN" or "continuous format is not supported".
 */
public class ScoringException extends RuntimeException {

    public ScoringException(String message) {
        super(message);
    }
}
