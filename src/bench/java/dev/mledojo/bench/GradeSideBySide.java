package dev.mledojo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * The platform's side of {@code src/bench/grading/side-by-side.sh}: grades the submission file of one case against its
 * answers file (read once, as the platform's answers cache holds them) the way a grade request does (read the file,
 * validate, align by id, score the feedback part, the final part and all rows, HumanRank, medals), warm, in-process.
 * The peak heap is measured from the point where the answers are loaded (after a collection), so it is the heap the
 * grades need on top of nothing but the cached answers; run it with a small {@code -Xmx} to see the heap it needs.
 *
 * <p>Usage: {@code GradeSideBySide DIR METRIC split} once (writes the split of the ids, as a preparation does), then
 * {@code GradeSideBySide DIR METRIC REPEATS [uncached]}. With {@code uncached} each grade reads the answers and the
 * split itself, as the platform does for answers larger than its answers cache ({@code dojo.tasks.answers-cache-cells},
 * 10 million cells by default): nothing of the answers is held between grades, and the time includes reading them.
 * Prints one JSON line: median and minimum seconds per grade, peak heap (sum of the heap pools' peaks) and peak RSS
 * ({@code VmHWM}) in MB.
 */
public final class GradeSideBySide {

    private GradeSideBySide() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        String metricId = args[1];
        int repeats = args[2].equals("split") ? 0 : Integer.parseInt(args[2]);
        Metric metric;
        MetricParams params;
        List<String> targets;
        switch (metricId) {
            case "roc_auc" -> {
                metric = new RocAuc();
                params = MetricParams.of("impl", "sklearn.roc_auc_score", "single_class", "nan");
                targets = List.of("target");
            }
            case "rmse" -> {
                metric = new Rmse();
                params = MetricParams.of("nan", "propagate");
                targets = List.of("target");
            }
            case "log_loss_multiclass" -> {
                metric = new LogLossMulticlass();
                params = MetricParams.of("eps", 1e-15, "row_normalize", "after_clip", "truth", "one-hot GT",
                        "column_pairing", "by name");
                targets = List.of("a", "b", "c");
            }
            case "log_loss_wide" -> {
                metric = new LogLossMulticlass();
                params = MetricParams.of("eps", 1e-15, "row_normalize", "after_clip", "truth", "one-hot GT",
                        "column_pairing", "by name");
                targets = java.util.stream.IntStream.range(0, 26).mapToObj(c -> String.valueOf((char) ('a' + c))).toList();
            }
            case "accuracy" -> {
                metric = new Accuracy();
                params = MetricParams.of("impl", "sklearn.accuracy_score");
                targets = List.of("label");
            }
            case "map_at_k" -> {
                metric = new MapAtK();
                params = MetricParams.of("k", 3, "truth", "single", "duplicate_hits", "first occurrence only");
                targets = List.of("answer");
            }
            default -> throw new IllegalArgumentException("unknown metric " + metricId);
        }
        Table truth = CsvTables.read(dir.resolve(metricId + "_answers.csv"));
        Path splitFile = dir.resolve(metricId + "_split.csv");
        if (args[2].equals("split")) {
            // as the preparation does once: the platform's split of the ids, written as private/split.csv
            Map<String, FeedbackSplit.Part> parts = FeedbackSplit.assign(Arrays.asList(truth.strings("id")), 0.5, 42);
            List<List<String>> rows = new ArrayList<>();
            parts.forEach((id, part) -> rows.add(List.of(id, part.name().toLowerCase(Locale.ROOT))));
            CsvTables.write(splitFile, List.of("id", "part"), rows);
            return;
        }
        // as the platform's answers cache loads them (TaskDataService.answers)
        boolean uncached = args.length > 3 && args[3].equals("uncached");
        Answers answers = uncached ? null : Answers.withSplit(truth, CsvTables.read(splitFile), null);
        if (uncached) {
            truth = null; // read again by every grade
        }
        List<Double> board = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            board.add(i / 2000.0);
        }
        TaskDefinition task = new TaskDefinition("bench", "Bench", TaskDefinition.Domain.TABULAR, List.of(),
                "Benchmark task.", metric.id(), params, metric.higherIsBetter(), "id", targets, "submission.csv",
                TaskDefinition.Resources.DEFAULT, 0.5, new TaskDefinition.DataSpec("local", Map.of()), Map.of(),
                new TaskDefinition.BoardInfo("human", 2000), "", "bench", board, board, "0".repeat(64));
        Grader grader = new Grader(Long.MAX_VALUE, Integer.MAX_VALUE);
        // the answers are now what the answers cache holds; the peak heap counts from here (the grades, the first of
        // which also indexes the answers' ids and parts)
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        Path submission = dir.resolve(metricId + "_submission.csv");
        double[] seconds = new double[repeats];
        GradeReport report = null;
        for (int i = 0; i < repeats; i++) {
            long started = System.nanoTime();
            try (InputStream in = Files.newInputStream(submission)) {
                Answers graded = answers != null ? answers : Answers.withSplit(
                        CsvTables.read(dir.resolve(metricId + "_answers.csv")), CsvTables.read(splitFile), null);
                report = grader.grade(task, metric, graded, in, Files.size(submission), FeedbackMode.SPLIT);
            }
            seconds[i] = (System.nanoTime() - started) / 1e9;
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = repeats % 2 == 1 ? sorted[repeats / 2] : (sorted[repeats / 2 - 1] + sorted[repeats / 2]) / 2;
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println(String.format(Locale.ROOT,
                "{\"path\": \"java\", \"metric\": \"%s\", \"median_s\": %.4f, \"min_s\": %.4f, \"peak_heap_mb\": %.0f, "
                        + "\"peak_mb\": %.0f, \"score\": %s}",
                metricId, median, sorted[0], peakHeap / 1048576.0, vmHwmMb(), report.scores().full()));
    }

    /** The process's peak resident set ({@code VmHWM} of /proc/self/status), or -1 where there is none. */
    private static double vmHwmMb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }
}
