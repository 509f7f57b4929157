package dev.mledojo.task.practice.reference;

import java.util.function.Function;

/**
 * One committed reference solution: a name (with its hyper-parameters) and a function from the public data to one
 * prediction cell per test row, in test-file order, written as a submission file would hold it.
 *
 * @param name a stable, descriptive name such as {@code logistic-gd(iter=200, rows=1000)}
 * @param predictor the solution itself
 */
public record ReferenceSolution(String name, Function<PublicData, String[]> predictor) {

    /** Runs the solution and checks it predicted every test row. */
    public String[] predict(PublicData data) {
        String[] predictions = predictor.apply(data);
        if (predictions.length != data.test().rowCount()) {
            throw new IllegalStateException(name + " predicted " + predictions.length + " rows for "
                    + data.test().rowCount() + " test rows");
        }
        return predictions;
    }
}
