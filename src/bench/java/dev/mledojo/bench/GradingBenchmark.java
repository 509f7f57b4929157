package dev.mledojo.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.mledojo.grading.FeedbackMode;
import dev.mledojo.grading.GradeReport;
import dev.mledojo.grading.Grader;
import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.Table;
import dev.mledojo.metric.classification.Accuracy;
import dev.mledojo.metric.classification.LogLossMulticlass;
import dev.mledojo.metric.classification.RocAuc;
import dev.mledojo.metric.ranking.MapAtK;
import dev.mledojo.metric.regression.Rmse;
import dev.mledojo.task.Answers;
import dev.mledojo.task.FeedbackSplit;
import dev.mledojo.task.TaskDefinition;

/**
 * Grades a 1,000,000-row submission end to end (CSV bytes → parse → validate and align ids → score on the feedback
 * part, the final part and all rows → HumanRank and medals), once per metric.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g"})
public class GradingBenchmark {

    @Param({"roc_auc", "rmse", "log_loss_multiclass", "accuracy", "map_at_k"})
    public String metric;

    @Param({"1000000"})
    public int rows;

    private TaskDefinition task;
    private Metric impl;
    private Answers answers;
    private byte[] submission;
    private final Grader grader = new Grader(Long.MAX_VALUE, Integer.MAX_VALUE);

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(1);
        List<String> truthHeader;
        List<String> subHeader;
        List<List<String>> truthRows = new ArrayList<>(rows);
        StringBuilder sub = new StringBuilder(rows * 24);
        MetricParams params;
        List<String> targets;
        switch (metric) {
            case "roc_auc" -> {
                impl = new RocAuc();
                params = MetricParams.of("impl", "sklearn.roc_auc_score", "single_class", "nan");
                targets = List.of("target");
                for (int i = 0; i < rows; i++) {
                    int y = rnd.nextInt(2);
                    truthRows.add(List.of(Integer.toString(i), Integer.toString(y)));
                    sub.append(i).append(',').append(fmt(Math.min(1, Math.max(0, 0.3 * y + 0.7 * rnd.nextDouble())))).append('\n');
                }
            }
            case "rmse" -> {
                impl = new Rmse();
                params = MetricParams.of("nan", "propagate");
                targets = List.of("target");
                for (int i = 0; i < rows; i++) {
                    double y = rnd.nextDouble() * 100;
                    truthRows.add(List.of(Integer.toString(i), fmt(y)));
                    sub.append(i).append(',').append(fmt(y + rnd.nextGaussian() * 5)).append('\n');
                }
            }
            case "log_loss_multiclass" -> {
                impl = new LogLossMulticlass();
                params = MetricParams.of("eps", 1e-15, "row_normalize", "after_clip", "truth", "one-hot GT",
                        "column_pairing", "by name");
                targets = List.of("a", "b", "c");
                for (int i = 0; i < rows; i++) {
                    int k = rnd.nextInt(3);
                    truthRows.add(List.of(Integer.toString(i), k == 0 ? "1" : "0", k == 1 ? "1" : "0", k == 2 ? "1" : "0"));
                    double a = rnd.nextDouble();
                    double b = rnd.nextDouble() * (1 - a);
                    sub.append(i).append(',').append(fmt(a)).append(',').append(fmt(b)).append(',').append(fmt(1 - a - b)).append('\n');
                }
            }
            case "accuracy" -> {
                impl = new Accuracy();
                params = MetricParams.of("impl", "sklearn.accuracy_score");
                targets = List.of("label");
                for (int i = 0; i < rows; i++) {
                    int y = rnd.nextInt(10);
                    truthRows.add(List.of(Integer.toString(i), Integer.toString(y)));
                    sub.append(i).append(',').append(rnd.nextInt(4) == 0 ? rnd.nextInt(10) : y).append('\n');
                }
            }
            case "map_at_k" -> {
                impl = new MapAtK();
                params = MetricParams.of("k", 3, "truth", "single", "duplicate_hits", "first occurrence only");
                targets = List.of("answer");
                String[] letters = {"A", "B", "C", "D", "E"};
                for (int i = 0; i < rows; i++) {
                    String y = letters[rnd.nextInt(5)];
                    truthRows.add(List.of(Integer.toString(i), y));
                    sub.append(i).append(',').append(letters[rnd.nextInt(5)]).append(' ').append(y).append(' ')
                            .append(letters[rnd.nextInt(5)]).append('\n');
                }
            }
            default -> throw new IllegalArgumentException(metric);
        }
        truthHeader = new ArrayList<>();
        truthHeader.add("id");
        truthHeader.addAll(targets);
        subHeader = truthHeader;
        submission = (String.join(",", subHeader) + "\n" + sub).getBytes(StandardCharsets.UTF_8);
        List<String[]> rowsArr = new ArrayList<>(rows);
        List<String> ids = new ArrayList<>(rows);
        for (List<String> r : truthRows) {
            rowsArr.add(r.toArray(String[]::new));
            ids.add(r.get(0));
        }
        Map<String, FeedbackSplit.Part> parts = new HashMap<>(FeedbackSplit.assign(ids, 0.5, 42));
        answers = new Answers(Table.ofRows(truthHeader, rowsArr), parts);
        List<Double> board = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            board.add(rnd.nextDouble());
        }
        task = new TaskDefinition("bench", "Bench", TaskDefinition.Domain.TABULAR, List.of(), "Benchmark task.",
                impl.id(), params, impl.higherIsBetter(), "id", targets, "submission.csv",
                TaskDefinition.Resources.DEFAULT, 0.5, new TaskDefinition.DataSpec("local", Map.of()), Map.of(),
                new TaskDefinition.BoardInfo("human", 2000), "", "bench", board, board, "0".repeat(64));
        // fail fast if the generated submission is not valid
        grade();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    @Benchmark
    public GradeReport grade() {
        return grader.grade(task, impl, answers, new ByteArrayInputStream(submission), submission.length, FeedbackMode.SPLIT);
    }

    /** Reading only, for the share of the time CSV parsing takes. */
    @Benchmark
    public Table readCsvOnly() {
        return CsvTables.read(new ByteArrayInputStream(submission), Integer.MAX_VALUE);
    }
}
