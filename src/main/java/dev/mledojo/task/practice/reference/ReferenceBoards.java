package dev.mledojo.task.practice.reference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.Table;
import dev.mledojo.task.FeedbackSplit;
import dev.mledojo.task.practice.PracticeFiles;

/**
 * Builds the comparison boards of the practice tasks ("reference board (generated)"): generates each task's data, runs
 * every reference solution on the public files and scores it against the private answers, on the feedback part for
 * {@code leaderboard/public.csv} and on the final part for {@code leaderboard/private.csv}.
 *
 * <p>Regenerate the committed boards with {@code main(tasksDir, workDir)}, e.g. from the project root:
 * {@code java -cp <classes+deps> dev.mledojo.task.practice.reference.ReferenceBoards tasks target/practice-boards}.
 */
public final class ReferenceBoards {

    /** Decimal places of the scores on a board. */
    public static final int DECIMALS = 5;

    private ReferenceBoards() {
    }

    /** One solution's scores on both parts of the answers. */
    public record Entry(String solution, double feedbackScore, double finalScore) {
    }

    /** The scored solutions of one task, in solution order. */
    public record Result(PracticeTask task, List<Entry> entries) {

        public Entry entry(String solution) {
            return entries.stream().filter(e -> e.solution().equals(solution)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no solution " + solution));
        }

        /** The public board ({@code rank,score} rows, best first) from the feedback scores. */
        public List<List<String>> publicBoard() {
            return board(entries.stream().mapToDouble(Entry::feedbackScore).toArray(), task.metric().higherIsBetter());
        }

        /** The private board from the final scores. */
        public List<List<String>> privateBoard() {
            return board(entries.stream().mapToDouble(Entry::finalScore).toArray(), task.metric().higherIsBetter());
        }
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ReferenceBoards <tasks-dir> <work-dir>");
            System.exit(2);
        }
        Path tasks = Path.of(args[0]);
        Path work = Path.of(args[1]);
        for (PracticeTask task : PracticeTask.all(tasks)) {
            Result result = run(task, work.resolve(task.taskId()));
            writeBoards(result, tasks.resolve(task.taskId()).resolve("leaderboard"));
            System.out.println(summary(result));
        }
    }

    /** A one-line description of a result: board size and best/worst final score. */
    public static String summary(Result result) {
        List<List<String>> board = result.privateBoard();
        return result.task().taskId() + ": " + board.size() + " entries, private best " + board.get(0).get(1)
                + ", worst " + board.get(board.size() - 1).get(1);
    }

    /** Writes {@code public.csv} and {@code private.csv} into a task's leaderboard directory. */
    public static void writeBoards(Result result, Path leaderboardDir) {
        CsvTables.write(leaderboardDir.resolve("public.csv"), List.of("rank", "score"), result.publicBoard());
        CsvTables.write(leaderboardDir.resolve("private.csv"), List.of("rank", "score"), result.privateBoard());
    }

    /** Generates the task's data under {@code workDir} and scores every reference solution. */
    public static Result run(PracticeTask task, Path workDir) {
        Path publicDir = workDir.resolve("public");
        Path privateDir = workDir.resolve("private");
        try {
            Files.createDirectories(publicDir);
            Files.createDirectories(privateDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        task.generator().generate(task.data(), publicDir, privateDir);
        PublicData data = PublicData.read(publicDir);
        Table answers = CsvTables.read(privateDir.resolve(PracticeFiles.ANSWERS));

        String[] answerIds = answers.strings(task.idColumn());
        Map<String, FeedbackSplit.Part> parts = FeedbackSplit.assign(List.of(answerIds), task.feedbackFraction(),
                task.seed());
        List<Integer> feedbackRows = new ArrayList<>();
        List<Integer> finalRows = new ArrayList<>();
        for (int r = 0; r < answerIds.length; r++) {
            (parts.get(answerIds[r]) == FeedbackSplit.Part.FEEDBACK ? feedbackRows : finalRows).add(r);
        }
        int[] feedback = feedbackRows.stream().mapToInt(Integer::intValue).toArray();
        int[] fin = finalRows.stream().mapToInt(Integer::intValue).toArray();

        String[] testIds = data.test().column(task.idColumn());
        Map<String, Integer> testRow = new HashMap<>();
        for (int i = 0; i < testIds.length; i++) {
            testRow.put(testIds[i], i);
        }
        List<Entry> entries = new ArrayList<>();
        for (ReferenceSolution solution : task.solutions()) {
            String[] predictions = solution.predict(data);
            // the submission in answer order, as the grader would pair it
            String[] aligned = new String[answerIds.length];
            for (int r = 0; r < answerIds.length; r++) {
                aligned[r] = predictions[testRow.get(answerIds[r])];
            }
            Table submission = Table.ofColumns(List.of(task.idColumn(), task.target()),
                    List.of(answerIds.clone(), aligned));
            double feedbackScore = score(task, answers, submission, feedback);
            double finalScore = score(task, answers, submission, fin);
            entries.add(new Entry(solution.name(), feedbackScore, finalScore));
        }
        return new Result(task, entries);
    }

    private static double score(PracticeTask task, Table answers, Table submission, int[] rows) {
        double score = task.metric().score(answers.selectRows(rows), submission.selectRows(rows), task.context());
        if (Double.isNaN(score) || Double.isInfinite(score)) {
            throw new IllegalStateException(task.taskId() + ": a reference solution scored " + score);
        }
        return score;
    }

    /**
     * {@code rank,score} rows, best first; scores are rounded to {@link #DECIMALS} places first and equal rounded
     * scores share the better rank (Kaggle style: 1, 1, 3).
     */
    static List<List<String>> board(double[] scores, boolean higherIsBetter) {
        List<java.math.BigDecimal> rounded = new ArrayList<>();
        for (double s : scores) {
            rounded.add(new java.math.BigDecimal(PracticeFiles.fixed(s, DECIMALS)));
        }
        rounded.sort(higherIsBetter ? java.util.Comparator.reverseOrder() : java.util.Comparator.naturalOrder());
        List<List<String>> rows = new ArrayList<>();
        int rank = 0;
        for (int i = 0; i < rounded.size(); i++) {
            if (i == 0 || rounded.get(i).compareTo(rounded.get(i - 1)) != 0) {
                rank = i + 1;
            }
            rows.add(List.of(Integer.toString(rank), rounded.get(i).toPlainString()));
        }
        return rows;
    }
}
