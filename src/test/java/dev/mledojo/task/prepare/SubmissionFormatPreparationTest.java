package dev.mledojo.task.prepare;

import static dev.mledojo.task.prepare.Fixtures.map;
import static dev.mledojo.task.prepare.Fixtures.task;
import static dev.mledojo.task.prepare.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mledojo.grading.PreparationReview;
import dev.mledojo.metric.classification.LogLossMulticlass;
import dev.mledojo.metric.classification.RocAuc;
import dev.mledojo.task.ReviewCheck;
import dev.mledojo.task.SubmissionFormat;
import dev.mledojo.task.TaskDefinition;

/** The declarative preparer with the submission rules of issue 12: all_after_id, submission_columns, composite ids. */
class SubmissionFormatPreparationTest {

    @TempDir
    Path tmp;

    final Preparer preparer = new Preparer();

    private static TaskDefinition afterId(String metric, boolean hib, Map<String, Object> prepare) {
        return task(metric, hib, "id", List.of(), prepare, List.of(), List.of())
                .withSubmission(new SubmissionFormat(List.of("id"), true, List.of(), false, List.of()), List.of());
    }

    @Test
    void all_after_id_takes_the_targets_from_the_answers_file() throws IOException {
        Path raw = Fixtures.rawFromZip(tmp, "breeds", Map.of(
                "train.csv", utf8("id,breed\nt1,cat\nt2,dog\n"),
                "test.csv", utf8("id,size\ns1,3\ns2,5\ns3,4\n"),
                "test_answer.csv", utf8("id,cat,dog\ns1,1,0\ns2,0,1\ns3,1,0\n")));
        TaskDefinition task = afterId("log_loss_multiclass", false, map("pattern", "use_given_test_with_answers",
                "answers_file", "test_answer.csv", "sample_value", 0.5));
        Path out = tmp.resolve("v");
        preparer.prepare(raw, task, null, out, null);
        assertThat(Files.readString(out.resolve("private/answers.csv"))).isEqualTo("id,cat,dog\ns1,1,0\ns2,0,1\ns3,1,0\n");
        assertThat(Files.readString(out.resolve("public/sample_submission.csv")))
                .isEqualTo("id,cat,dog\ns1,0.5,0.5\ns2,0.5,0.5\ns3,0.5,0.5\n");
        assertThat(Files.readString(out.resolve("public/test.csv"))).isEqualTo("id,size\ns1,3\ns2,5\ns3,4\n");
        List<ReviewCheck> checks = new PreparationReview(Fixtures.GRADER).review(task, new LogLossMulticlass(), out);
        assertThat(checks).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        assertThat(checks).filteredOn(c -> c.name().equals(PreparationReview.ANSWERS_FORMED)).singleElement()
                .extracting(ReviewCheck::detail).isEqualTo("3 answer rows, columns id, cat, dog");
    }

    @Test
    void all_after_id_cannot_split_a_train_file() throws IOException {
        Path raw = Fixtures.rawFromZip(tmp, "split", Map.of("train.csv", utf8("id,cat,dog\nt1,1,0\nt2,0,1\n")));
        TaskDefinition task = afterId("log_loss_multiclass", false, map("pattern", "split_train_csv", "test_fraction", 0.5,
                "seed", 1));
        PreparationException e = catchThrowableOfType(PreparationException.class,
                () -> preparer.prepare(raw, task, null, tmp.resolve("v"), null));
        assertThat(e).hasMessage("target_columns: all_after_id takes the targets from the answers file's header; "
                + "pattern split_train_csv needs prepare.answers_file for that (or use pattern custom)");
        assertThat(tmp.resolve("v")).doesNotExist();
    }

    @Test
    void a_composite_id_needs_a_custom_preparation() throws IOException {
        Path raw = Fixtures.rawFromZip(tmp, "phone", Map.of("train.csv", utf8("tripId,UnixTimeMillis,y\na,1,2\n")));
        TaskDefinition task = task("rmse", false, "tripId", List.of("y"), map("pattern", "split_train_csv",
                "test_fraction", 0.5, "seed", 1), List.of(), List.of())
                .withSubmission(new SubmissionFormat(List.of("tripId", "UnixTimeMillis"), false, List.of(), false,
                        List.of()), List.of("y"));
        PreparationException e = catchThrowableOfType(PreparationException.class,
                () -> preparer.prepare(raw, task, null, tmp.resolve("v"), null));
        assertThat(e).hasMessage("a composite id (tripId, UnixTimeMillis) needs pattern custom: the declarative "
                + "patterns key rows by one id column");
    }

    @Test
    void the_sample_has_the_submission_columns_with_test_values_copied() throws IOException {
        // detecting-insults: no id but the comment; the sample is Insult,Date,Comment like Kaggle's
        Path raw = Fixtures.rawFromZip(tmp, "insults", Map.of(
                "train.csv", utf8("Insult,Date,Comment\n0,d0,a\n1,d1,b\n"),
                "test_with_solutions.csv", utf8("Insult,Date,Comment\n1,d2,you fool\n0,,nice day\n1,d4,idiot\n")));
        TaskDefinition task = task("roc_auc", true, "Comment", List.of("Insult"), map("pattern",
                "use_given_test_with_answers", "test_file", "test_with_solutions.csv", "sample_value", 0), List.of(),
                List.of())
                .withSubmission(new SubmissionFormat(List.of("Comment"), false, List.of("Insult", "Date", "Comment"),
                        false, List.of()), List.of("Insult"));
        Path out = tmp.resolve("v");
        preparer.prepare(raw, task, null, out, null);
        assertThat(Files.readString(out.resolve("public/sample_submission.csv")))
                .isEqualTo("Insult,Date,Comment\n0,d2,you fool\n0,,nice day\n0,d4,idiot\n");
        assertThat(Files.readString(out.resolve("private/answers.csv")))
                .isEqualTo("Comment,Insult\nyou fool,1\nnice day,0\nidiot,1\n");
        List<ReviewCheck> checks = new PreparationReview(Fixtures.GRADER).review(task, new RocAuc(), out);
        assertThat(checks).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        assertThat(checks).filteredOn(c -> c.name().equals(PreparationReview.ANSWERS_PERFECT)).singleElement()
                .extracting(ReviewCheck::detail).asString()
                .endsWith("(columns Date are not in the answers and were submitted as 0)");
    }
}
