package dev.mledojo.task.practice.reference;

import java.nio.file.Path;
import java.util.List;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.classification.MacroF1;
import dev.mledojo.metric.classification.RocAuc;
import dev.mledojo.metric.regression.Rmse;
import dev.mledojo.metric.regression.Smape;
import dev.mledojo.task.FeedbackSplit;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskParser;
import dev.mledojo.task.practice.DataGenerator;
import dev.mledojo.task.practice.TabularBinaryGenerator;
import dev.mledojo.task.practice.TabularRegressionGenerator;
import dev.mledojo.task.practice.TextClassificationGenerator;
import dev.mledojo.task.practice.TimeseriesForecastingGenerator;

/**
 * One practice task as the reference boards see it: its definition read from {@code tasks/<id>/task.yaml} (the single
 * source of truth) plus the generator, metric implementation and reference solutions that go with it.
 */
public record PracticeTask(TaskDefinition definition, DataGenerator generator, Metric metric,
        List<ReferenceSolution> solutions) {

    public PracticeTask {
        if (!definition.metricId().equals(metric.id())) {
            throw new IllegalStateException(definition.id() + " uses metric " + definition.metricId() + ", not " + metric.id());
        }
        if (!generator.id().equals(definition.data().setting("generator"))) {
            throw new IllegalStateException(definition.id() + " names generator " + definition.data().setting("generator"));
        }
    }

    public String taskId() {
        return definition.id();
    }

    /** The {@code data} section passed to the generator. */
    public MetricParams data() {
        return new MetricParams(definition.data().settings());
    }

    public String idColumn() {
        return definition.idColumn();
    }

    public String target() {
        return definition.targetColumns().get(0);
    }

    public double feedbackFraction() {
        return definition.feedbackFraction();
    }

    /** The seed of the feedback/final split, the same the platform uses when it prepares the task. */
    public long seed() {
        return FeedbackSplit.seedOf(definition);
    }

    public MetricContext context() {
        return new MetricContext(idColumn(), definition.targetColumns(), definition.metricParams());
    }

    /** The four practice tasks shipped in {@code tasks/practice-*}, read from {@code tasksDir}. */
    public static List<PracticeTask> all(Path tasksDir) {
        return List.of(
                new PracticeTask(read(tasksDir, "practice-tabular-binary"), new TabularBinaryGenerator(), new RocAuc(),
                        BinaryReferences.all()),
                new PracticeTask(read(tasksDir, "practice-tabular-regression"), new TabularRegressionGenerator(),
                        new Rmse(), RegressionReferences.all()),
                new PracticeTask(read(tasksDir, "practice-text-classification"), new TextClassificationGenerator(),
                        new MacroF1(), TextReferences.all()),
                new PracticeTask(read(tasksDir, "practice-timeseries-forecasting"),
                        new TimeseriesForecastingGenerator(), new Smape(), ForecastReferences.all()));
    }

    private static TaskDefinition read(Path tasksDir, String id) {
        TaskParser.Result result = TaskParser.parse(tasksDir.resolve(id));
        if (result instanceof TaskParser.Valid valid) {
            return valid.definition();
        }
        throw new IllegalStateException("practice task " + id + " is invalid: " + ((TaskParser.Invalid) result).problem());
    }
}
