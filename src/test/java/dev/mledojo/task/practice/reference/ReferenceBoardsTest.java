package dev.mledojo.task.practice.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed reference boards are exactly what the reference solutions produce, and the solutions are ordered as
 * intended. Runs every solution once (a few seconds).
 */
class ReferenceBoardsTest {

    /** The repository's task folders; Maven runs tests from the project root. */
    private static final Path TASKS = Path.of("tasks");

    @TempDir
    static Path tmp;

    private static final Map<String, ReferenceBoards.Result> RESULTS = new LinkedHashMap<>();

    @BeforeAll
    static void runAllReferenceSolutions() {
        for (PracticeTask task : PracticeTask.all(TASKS)) {
            RESULTS.put(task.taskId(), ReferenceBoards.run(task, tmp.resolve("work").resolve(task.taskId())));
        }
    }

    private static ReferenceBoards.Entry entry(String task, String solution) {
        return RESULTS.get(task).entry(solution);
    }

    @Test
    void committedBoardsAreReproducedByteForByte() throws IOException {
        assertThat(RESULTS).hasSize(4);
        for (ReferenceBoards.Result result : RESULTS.values()) {
            String id = result.task().taskId();
            Path regenerated = tmp.resolve("boards").resolve(id);
            ReferenceBoards.writeBoards(result, regenerated);
            for (String board : List.of("public.csv", "private.csv")) {
                Path committed = TASKS.resolve(id).resolve("leaderboard").resolve(board);
                assertThat(committed).as("committed board " + committed.toAbsolutePath()).exists();
                assertThat(Files.readString(regenerated.resolve(board))).as(id + "/" + board)
                        .isEqualTo(Files.readString(committed));
                assertThat(Files.readAllBytes(regenerated.resolve(board))).isEqualTo(Files.readAllBytes(committed));
            }
        }
    }

    @Test
    void boardsHaveThirtyToSixtyEntriesRankedInTheMetricsDirection() {
        for (ReferenceBoards.Result result : RESULTS.values()) {
            for (List<List<String>> board : List.of(result.publicBoard(), result.privateBoard())) {
                assertThat(board).hasSizeBetween(30, 60);
                for (int i = 1; i < board.size(); i++) {
                    double previous = Double.parseDouble(board.get(i - 1).get(1));
                    double score = Double.parseDouble(board.get(i).get(1));
                    if (result.task().metric().higherIsBetter()) {
                        assertThat(score).isLessThanOrEqualTo(previous);
                    } else {
                        assertThat(score).isGreaterThanOrEqualTo(previous);
                    }
                    assertThat(board.get(i).get(1)).matches("-?\\d+\\.\\d{5}");
                }
            }
        }
    }

    @Test
    void tiesShareTheBetterRank() {
        assertThat(ReferenceBoards.board(new double[] {0.5, 0.9, 0.9, 0.7}, true)).containsExactly(
                List.of("1", "0.90000"), List.of("1", "0.90000"), List.of("3", "0.70000"), List.of("4", "0.50000"));
        assertThat(ReferenceBoards.board(new double[] {3.0, 1.0, 3.0000001, 2.0}, false)).containsExactly(
                List.of("1", "1.00000"), List.of("2", "2.00000"), List.of("3", "3.00000"), List.of("3", "3.00000"));
    }

    @Test
    void binarySolutionsAreOrderedAsIntended() {
        String task = "practice-tabular-binary";
        double constant = entry(task, "sample-submission(0.5)").finalScore();
        double rule = entry(task, "rule(contract=monthly)").finalScore();
        double logistic = entry(task, "logistic-gd(all, iter=300, rows=4000)").finalScore();
        double best = entry(task, "boosted-trees(depth=3, trees=400, lr=0.03, rows=4000)").finalScore();
        assertThat(constant).isEqualTo(0.5);
        assertThat(rule).isGreaterThan(constant + 0.1);
        assertThat(logistic).isGreaterThan(rule + 0.05);
        assertThat(best).isGreaterThan(constant + 0.25).isGreaterThan(logistic);
        assertThat(entry(task, "logistic-gd(all, iter=300, rows=100)").finalScore()).isLessThan(logistic);
    }

    @Test
    void regressionSolutionsAreOrderedAsIntended() {
        String task = "practice-tabular-regression";
        double constant = entry(task, "train-mean").finalScore();
        double byHood = entry(task, "neighborhood-mean").finalScore();
        double linear = entry(task, "least-squares(all, rows=4000)").finalScore();
        double best = entry(task, "least-squares(all, log-price, rows=4000)").finalScore();
        assertThat(byHood).isLessThan(constant);
        assertThat(linear).isLessThan(byHood);
        assertThat(best).isLessThan(linear).isLessThan(constant * 0.3);
        assertThat(entry(task, "least-squares(all, log-price, rows=100)").finalScore()).isGreaterThan(best);
        assertThat(entry(task, "boosted-trees(log-price, depth=4, trees=200, lr=0.1, rows=4000)").finalScore())
                .isLessThan(entry(task, "boosted-trees(log-price, depth=4, trees=200, lr=0.1, rows=300)")
                        .finalScore());
    }

    @Test
    void textSolutionsAreOrderedAsIntended() {
        String task = "practice-text-classification";
        double majority = entry(task, "majority-class").finalScore();
        double random = entry(task, "random-by-prior(seed=1)").finalScore();
        double fewKeywords = entry(task, "keyword-counts(top=2, rows=4000)").finalScore();
        double manyKeywords = entry(task, "keyword-counts(top=20, rows=4000)").finalScore();
        double best = entry(task, "naive-bayes(multinomial, alpha=1.0, rows=4000)").finalScore();
        assertThat(majority).isLessThan(random);
        assertThat(fewKeywords).isLessThan(manyKeywords);
        assertThat(best).isGreaterThan(manyKeywords).isGreaterThan(majority + 0.5);
        assertThat(entry(task, "naive-bayes(multinomial, alpha=1.0, rows=30)").finalScore()).isLessThan(best - 0.1);
    }

    @Test
    void forecastSolutionsAreOrderedAsIntended() {
        String task = "practice-timeseries-forecasting";
        double constant = entry(task, "global-mean").finalScore();
        double naive = entry(task, "naive(last-value)").finalScore();
        double recentMean = entry(task, "series-mean(last=28)").finalScore();
        double seasonal = entry(task, "seasonal-mean(weeks=8)").finalScore();
        double best = entry(task, "log-trend(weeks=12, damped)*weekday-profile(weeks=12)").finalScore();
        assertThat(naive).isLessThan(constant);
        assertThat(recentMean).isLessThan(naive);
        assertThat(seasonal).isLessThan(recentMean);
        assertThat(best).isLessThanOrEqualTo(seasonal).isLessThan(constant - 20);
    }

    @Test
    void solutionNamesAreUnique() {
        for (PracticeTask task : PracticeTask.all(TASKS)) {
            assertThat(task.solutions().stream().map(ReferenceSolution::name)).as(task.taskId())
                    .doesNotHaveDuplicates();
        }
    }

    /** The practice tasks are reference-board tasks with the practice tag, described as such. */
    @Test
    void practiceTasksAreLabelledAsGeneratedReferenceBoards() throws IOException {
        for (PracticeTask task : PracticeTask.all(TASKS)) {
            assertThat(task.definition().leaderboard().kind()).isEqualTo("reference");
            assertThat(task.definition().leaderboard().label()).isEqualTo("reference board (generated)");
            assertThat(task.definition().tags()).contains("practice");
            assertThat(task.definition().higherIsBetter()).isEqualTo(task.metric().higherIsBetter());
            assertThat(Files.readString(TASKS.resolve(task.taskId()).resolve("description.md")))
                    .contains("reference board (generated)");
        }
    }
}
