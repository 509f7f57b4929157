package dev.mledojo.task.practice.reference;

import java.util.List;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.classification.MacroF1;
import dev.mledojo.metric.classification.RocAuc;
import dev.mledojo.metric.regression.Rmse;
import dev.mledojo.metric.regression.Smape;
import dev.mledojo.task.practice.DataGenerator;
import dev.mledojo.task.practice.TabularBinaryGenerator;
import dev.mledojo.task.practice.TabularRegressionGenerator;
import dev.mledojo.task.practice.TextClassificationGenerator;
import dev.mledojo.task.practice.TimeseriesForecastingGenerator;

/**
 * What the reference boards need to know about one practice task; mirrors the task's {@code task.yaml} (a test keeps
 * the two in step).
 *
 * @param taskId the folder name under {@code tasks/}
 * @param generator the data generator named in {@code data.generator}
 * @param data the {@code data} parameters passed to the generator ({@code seed}, {@code rows}, ...)
 * @param metric the scoring metric
 * @param metricParams {@code metric.params}
 * @param idColumn {@code id_column}
 * @param target the single target column
 * @param feedbackFraction {@code feedback_fraction}
 * @param solutions the reference solutions of the board
 */
public record PracticeTask(String taskId, DataGenerator generator, MetricParams data, Metric metric,
        MetricParams metricParams, String idColumn, String target, double feedbackFraction,
        List<ReferenceSolution> solutions) {

    /** The seed of the feedback/final split: the task's data seed. */
    public long seed() {
        return (long) data.number("seed", 7);
    }

    public MetricContext context() {
        return new MetricContext(idColumn, List.of(target), metricParams);
    }

    /** The four practice tasks shipped in {@code tasks/practice-*}. */
    public static List<PracticeTask> all() {
        return List.of(
                new PracticeTask("practice-tabular-binary", new TabularBinaryGenerator(),
                        MetricParams.of("seed", 7, "rows", 4000, "test_rows", 2000), new RocAuc(),
                        MetricParams.of("impl", "sklearn.roc_auc_score"), "id", TabularBinaryGenerator.TARGET, 0.5,
                        BinaryReferences.all()),
                new PracticeTask("practice-tabular-regression", new TabularRegressionGenerator(),
                        MetricParams.of("seed", 7, "rows", 4000, "test_rows", 2000), new Rmse(),
                        MetricParams.of("nan", "propagate"), "id", TabularRegressionGenerator.TARGET, 0.5,
                        RegressionReferences.all()),
                new PracticeTask("practice-text-classification", new TextClassificationGenerator(),
                        MetricParams.of("seed", 7, "rows", 4000, "test_rows", 2000), new MacroF1(),
                        MetricParams.of("impl", "sklearn.f1_score(average='macro')", "zero_division", 0), "id",
                        TextClassificationGenerator.TARGET, 0.5, TextReferences.all()),
                new PracticeTask("practice-timeseries-forecasting", new TimeseriesForecastingGenerator(),
                        MetricParams.of("seed", 7, "rows", 6720, "stores", 5, "items", 8, "days", 168, "horizon", 28),
                        new Smape(),
                        MetricParams.of("percent", true, "zero_zero", 0, "nan", "propagate"), "id",
                        TimeseriesForecastingGenerator.TARGET, 0.5, ForecastReferences.all()));
    }
}
