package dev.mledojo.testing;

import java.util.List;
import java.util.Map;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.Table;
import dev.mledojo.task.TaskDefinition;

/** Small task definitions and a transparent metric for unit tests of the grading core. */
public final class TestTasks {

    private TestTasks() {
    }

    public static TaskDefinition regression(List<Double> publicBoard, List<Double> privateBoard) {
        return new TaskDefinition("unit-task", "Unit task", TaskDefinition.Domain.TABULAR, List.of("practice"),
                "A unit-test task.", "test_mae", MetricParams.EMPTY, false, "id", List.of("y"), "submission.csv",
                TaskDefinition.Resources.DEFAULT, 0.5, new TaskDefinition.DataSpec("local", Map.of()), Map.of(),
                new TaskDefinition.BoardInfo("human", null), "", "# Unit task", publicBoard, privateBoard,
                "0123456789abcdef0123456789abcdef");
    }

    /** Mean absolute error of column y, written out in the test so that expected values are obvious. */
    public static final class TestMae implements Metric {
        @Override
        public String id() {
            return "test_mae";
        }

        @Override
        public boolean higherIsBetter() {
            return false;
        }

        @Override
        public double score(Table truth, Table submission, MetricContext context) {
            double[] y = truth.numbers("y");
            double[] p = submission.numbers("y");
            double sum = 0;
            for (int i = 0; i < y.length; i++) {
                sum += Math.abs(y[i] - p[i]);
            }
            return sum / y.length;
        }
    }
}
