package dev.mledojo.grading;

import static dev.mledojo.task.prepare.Fixtures.map;
import static dev.mledojo.task.prepare.Fixtures.task;
import static dev.mledojo.task.prepare.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.classification.Accuracy;
import dev.mledojo.metric.regression.Rmse;
import dev.mledojo.task.ReviewCheck;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.prepare.Fixtures;
import dev.mledojo.task.prepare.Preparer;
import dev.mledojo.task.prepare.PreparerTest;

/** Each review rule catches the defect it is there for, on an otherwise good prepared version. */
class PreparationReviewTest {

    @TempDir
    Path tmp;

    Path raw;
    Path out;
    final PreparationReview review = new PreparationReview(Fixtures.GRADER);

    static final List<Double> STRONG = List.of(0.99, 0.97, 0.95, 0.93, 0.9);

    @BeforeEach
    void prepare() throws IOException {
        StringBuilder train = new StringBuilder("id,x,label\n");
        Random r = new Random(11);
        for (int i = 0; i < 120; i++) {
            train.append(i).append(',').append(r.nextInt(50)).append(',').append(r.nextInt(4) == 0 ? "yes" : "no").append('\n');
        }
        raw = Fixtures.rawFromZip(tmp, "raw", Map.of("train.csv", utf8(train.toString())));
        out = tmp.resolve("v");
        new Preparer().prepare(raw, task(STRONG), null, out, null);
    }

    private static TaskDefinition task(List<Double> board) {
        return Fixtures.task("accuracy", true, "id", List.of("label"),
                map("pattern", "split_train_csv", "test_fraction", 0.3, "seed", 5), board, board);
    }

    private ReviewCheck check(TaskDefinition task, String name) {
        return review.review(task, new Accuracy(), out).stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aGoodVersionPasses() {
        PreparerTest.assertReviewPasses(task(STRONG), new Accuracy(), out);
        assertThat(check(task(STRONG), PreparationReview.ANSWERS_PERFECT).detail())
                .contains("equals the optimum 1.00000").contains("at least as good as the best board score 0.990000");
    }

    @Test
    void aPlaceholderThatWouldWinAMedalIsCaught() {
        ReviewCheck c = check(task(List.of(0.8, 0.75, 0.7, 0.6, 0.5)), PreparationReview.SAMPLE_NO_MEDAL);
        assertThat(c.passed()).isFalse();
        assertThat(c.detail()).contains("earns").contains("bronze needs >=");
    }

    @Test
    void answersTheMetricCannotScorePerfectlyAreCaught() throws IOException {
        // graded against themselves answers are perfect unless the metric cannot score them: here a missing label
        Path answers = out.resolve("private/answers.csv");
        String text = Files.readString(answers);
        Files.writeString(answers, text.contains(",yes\n") ? text.replaceFirst(",yes\n", ",\n") : text.replaceFirst(",no\n", ",\n"));
        ReviewCheck c = check(task(STRONG), PreparationReview.ANSWERS_PERFECT);
        assertThat(c.passed()).isFalse();
        assertThat(c.detail()).containsAnyOf("instead of the metric's optimum", "are refused");
    }

    @Test
    void aBoardBeyondTheAnswersIsCaughtForMetricsWithoutAKnownOptimum() {
        // accuracy scaled by 100 (allstate-style): the optimum is 100, a board of 0..1 scores is still beaten
        TaskDefinition scaled = new TaskDefinition("unit-prep", "t", TaskDefinition.Domain.TABULAR, List.of(), "s",
                "accuracy", MetricParams.of("scale", 100.0), true, "id", List.of("label"), "submission.csv",
                TaskDefinition.Resources.DEFAULT, 0.5, new TaskDefinition.DataSpec("local", Map.of()), Map.of("seed", 5),
                new TaskDefinition.BoardInfo("human", 3), "", "# d", List.of(), List.of(150.0, 90.0, 80.0), "h");
        ReviewCheck c = check(scaled, PreparationReview.ANSWERS_PERFECT);
        assertThat(c.passed()).isFalse();
        assertThat(c.detail()).contains("worse than the best board score 150.000");
        assertThat(PreparationReview.idealScore("accuracy", MetricParams.of("scale", 100.0))).hasValue(100.0);
        assertThat(PreparationReview.idealScore("rmse", MetricParams.EMPTY)).hasValue(0.0);
        assertThat(PreparationReview.idealScore("mean_angular_error_unknown", MetricParams.EMPTY)).isEmpty();
    }

    @Test
    void answersCopiedIntoPublicAreALeak() throws IOException {
        Files.copy(out.resolve("private/answers.csv"), out.resolve("public/extra.csv"));
        ReviewCheck c = check(task(STRONG), PreparationReview.NO_LEAK);
        assertThat(c.passed()).isFalse();
        assertThat(c.detail()).contains("public/extra.csv is a copy of private/answers.csv")
                .contains("public/extra.csv labels 36 test ids");
    }

    @Test
    void trainRowsWithTestIdsAreALeak() throws IOException {
        String firstTest = Files.readAllLines(out.resolve("private/answers.csv")).get(1);
        Files.writeString(out.resolve("public/train.csv"), firstTest.split(",")[0] + ",1," + firstTest.split(",")[1] + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        ReviewCheck c = check(task(STRONG), PreparationReview.NO_LEAK);
        assertThat(c.passed()).isFalse();
        assertThat(c.detail()).contains("public/train.csv labels 1 test ids");
    }

    @Test
    void aTargetColumnInTheTestIsCaught() throws IOException {
        Path test = out.resolve("public/test.csv");
        List<String> lines = Files.readAllLines(test);
        StringBuilder b = new StringBuilder(lines.get(0)).append(",label\n");
        for (String l : lines.subList(1, lines.size())) {
            b.append(l).append(",no\n");
        }
        Files.writeString(test, b);
        ReviewCheck c = check(task(STRONG), PreparationReview.TEST_NO_TARGET);
        assertThat(c.passed()).isFalse();
        assertThat(c.detail()).contains("label");
    }

    @Test
    void aBrokenSplitIsCaught() throws IOException {
        Path split = out.resolve("private/split.csv");
        List<String> lines = Files.readAllLines(split);
        Files.write(split, lines.subList(0, lines.size() - 1));
        ReviewCheck c = check(task(STRONG), PreparationReview.SPLIT);
        assertThat(c.passed()).isFalse();
        assertThat(c.detail()).contains("1 answer ids have no part");

        Files.write(split, lines.stream().map(l -> l.replace(",final", ",feedback")).toList());
        assertThat(check(task(STRONG), PreparationReview.SPLIT).detail()).contains("one part is empty");
    }

    @Test
    void aVaryingSampleIsCaught() throws IOException {
        Path sample = out.resolve("public/sample_submission.csv");
        Files.writeString(sample, Files.readString(sample).replaceFirst(",no\n", ",yes\n"));
        ReviewCheck c = check(task(STRONG), PreparationReview.SAMPLE_CONSTANT);
        assertThat(c.passed()).isFalse();
        assertThat(c.detail()).contains("label vary");
    }

    @Test
    void aSampleThatMustVaryPassesOnlyWithTheRecipesDeclaredReason() throws IOException {
        Path sample = out.resolve("public/sample_submission.csv");
        Files.writeString(sample, Files.readString(sample).replaceFirst(",no\n", ",yes\n"));
        TaskDefinition declared = Fixtures.task("accuracy", true, "id", List.of("label"),
                map("pattern", "split_train_csv", "test_fraction", 0.3, "seed", 5, "sample_varies",
                        "each row lists its own public input"), STRONG, STRONG);
        ReviewCheck c = review.review(declared, new Accuracy(), out).stream()
                .filter(x -> x.name().equals(PreparationReview.SAMPLE_CONSTANT)).findFirst().orElseThrow();
        assertThat(c.passed()).isTrue();
        assertThat(c.detail()).isEqualTo("columns label vary from row to row by the recipe's declaration "
                + "(prepare.sample_varies): each row lists its own public input");
    }

    @Test
    void aConstantSampleUnderACorrelationMetricIsValidWithNaN() throws IOException {
        StringBuilder train = new StringBuilder("id,x,y\n");
        for (int i = 0; i < 60; i++) {
            train.append(i).append(',').append(i % 7).append(',').append(i * 0.5).append('\n');
        }
        Path raw2 = Fixtures.rawFromZip(tmp, "raw2", Map.of("train.csv", utf8(train.toString())));
        Path out2 = tmp.resolve("v2");
        TaskDefinition pearson = Fixtures.task("pearson", true, "id", List.of("y"),
                map("pattern", "split_train_csv", "test_fraction", 0.3, "seed", 5), List.of(0.9), List.of(0.9));
        new Preparer().prepare(raw2, pearson, null, out2, null);
        ReviewCheck valid = review.review(pearson, new dev.mledojo.metric.regression.Pearson(), out2).stream()
                .filter(x -> x.name().equals(PreparationReview.SAMPLE_VALID)).findFirst().orElseThrow();
        assertThat(valid.passed()).isTrue();
        assertThat(valid.detail()).isEqualTo("graded valid; score NaN on all rows (a constant prediction has no pearson"
                + " correlation; the reference gives NaN too)");
    }

    @Test
    void missingFilesStopTheReview() throws IOException {
        Files.delete(out.resolve("private/answers.csv"));
        List<ReviewCheck> checks = review.review(task(STRONG), new Accuracy(), out);
        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.passed()).isFalse();
            assertThat(c.detail()).contains("private/answers.csv");
        });
        assertThat(PreparationReview.allPassed(checks)).isFalse();
    }

    @Test
    void theWrongMetricIsCaught() {
        ReviewCheck c = review.review(task(STRONG), new Rmse(), out).stream()
                .filter(x -> x.name().equals(PreparationReview.METRIC)).findFirst().orElseThrow();
        assertThat(c.passed()).isFalse();
        assertThat(c.detail()).contains("rmse");
    }
}
