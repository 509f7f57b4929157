package dev.mledojo.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;
import dev.mledojo.task.Answers;
import dev.mledojo.task.FeedbackSplit.Part;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.testing.TestTasks;

class GraderTest {

    private static final Answers ANSWERS = new Answers(Table.of("id,y", "1,10", "2,20", "3,30", "4,40"),
            Map.of("1", Part.FEEDBACK, "2", Part.FEEDBACK, "3", Part.FINAL, "4", Part.FINAL));
    private static final TaskDefinition TASK = TestTasks.regression(List.of(0.5, 1.0, 2.0, 4.0),
            List.of(0.5, 1.0, 1.0, 2.0, 4.0));
    private final Grader grader = new Grader(1_000_000, 1000);

    private GradeReport grade(String csv) {
        return grade(csv, FeedbackMode.SPLIT);
    }

    private GradeReport grade(String csv, FeedbackMode mode) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        return grader.grade(TASK, new TestTasks.TestMae(), ANSWERS, new ByteArrayInputStream(bytes), bytes.length, mode);
    }

    private static SubmissionErrorKind kindOf(Runnable r) {
        try {
            r.run();
        } catch (InvalidSubmissionException e) {
            return e.kind();
        }
        throw new AssertionError("no InvalidSubmissionException");
    }

    @Test
    void scores_feedback_final_and_full_parts_in_any_row_order() {
        // errors: id1 0, id2 2, id3 0, id4 4 -> feedback 1.0, final 2.0, full 1.5
        GradeReport r = grade("id,y\n4,44\n2,22\n3,30\n1,10\n");
        assertThat(r.scores().feedback()).isEqualTo(1.0);
        assertThat(r.scores().finalScore()).isEqualTo(2.0);
        assertThat(r.scores().full()).isEqualTo(1.5);
        assertThat(r.rows()).isEqualTo(new GradeReport.Rows(2, 2, 4));
    }

    /** {@link TestTasks.TestMae} declaring that it reads predictions only as numbers, optionally breaking that word. */
    private static final class NumbersOnlyMae implements dev.mledojo.metric.Metric {
        private final TestTasks.TestMae mae = new TestTasks.TestMae();
        private final boolean readsText;

        NumbersOnlyMae(boolean readsText) {
            this.readsText = readsText;
        }

        @Override
        public String id() {
            return mae.id();
        }

        @Override
        public boolean higherIsBetter() {
            return mae.higherIsBetter();
        }

        @Override
        public boolean readsPredictionsOnlyAsNumbers() {
            return true;
        }

        @Override
        public double score(Table truth, Table submission, dev.mledojo.metric.MetricContext context) {
            double score = mae.score(truth, submission, context);
            if (readsText) {
                submission.column("y");
            }
            return score;
        }
    }

    @Test
    void a_metric_that_reads_predictions_only_as_numbers_scores_the_same_and_may_not_read_their_text() {
        byte[] bytes = "id,y\n4,44\n2,22\n3,30\n1,10\n".getBytes(StandardCharsets.UTF_8);
        GradeReport r = grader.grade(TASK, new NumbersOnlyMae(false), ANSWERS, new ByteArrayInputStream(bytes),
                bytes.length, FeedbackMode.SPLIT);
        assertThat(r.scores()).isEqualTo(grade("id,y\n4,44\n2,22\n3,30\n1,10\n").scores());
        assertThat(r.scores().full()).isEqualTo(1.5);
        // the grader let the prediction column's text go after the parse: a metric breaking its word fails loudly
        assertThatThrownBy(() -> grader.grade(TASK, new NumbersOnlyMae(true), ANSWERS, new ByteArrayInputStream(bytes),
                bytes.length, FeedbackMode.SPLIT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Column 'y' is kept as numbers only");
    }

    @Test
    void answers_with_a_single_id_are_scored_whole_on_both_parts() {
        Answers one = new Answers(Table.of("id,y", "a,10"), Map.of("a", Part.FEEDBACK));
        byte[] bytes = "id,y\na,13\n".getBytes(StandardCharsets.UTF_8);
        GradeReport r = grader.grade(TASK, new TestTasks.TestMae(), one, new ByteArrayInputStream(bytes), bytes.length,
                FeedbackMode.SPLIT);
        assertThat(r.scores().full()).isEqualTo(3.0);
        assertThat(r.scores().finalScore()).as("never NaN: the leaderboard ranks it").isEqualTo(3.0);
        assertThat(r.scores().feedback()).isEqualTo(3.0);
        assertThat(r.standing().score()).isEqualTo(3.0);
    }

    @Test
    void places_the_final_score_on_both_boards_and_averages() {
        GradeReport r = grade("id,y\n1,10\n2,22\n3,30\n4,44\n");
        // final 2.0 (lower is better): public board [0.5,1,2,4] -> beats/equals 2 of 4; private [0.5,1,1,2,4] -> 2 of 5
        assertThat(r.standing().humanRankPublic()).isEqualTo(0.5);
        assertThat(r.standing().humanRankPrivate()).isEqualTo(0.4);
        assertThat(r.standing().humanRank()).isCloseTo(0.45, within(1e-12));
        assertThat(r.standing().positionPrivate()).isEqualTo(4);
        // feedback 1.0: public 3/4, private 4/5
        assertThat(r.feedback().humanRank()).isCloseTo((0.75 + 0.8) / 2, within(1e-12));
        assertThat(r.thresholds().teams()).isEqualTo(5);
        assertThat(r.medal()).isEqualTo(Medal.NONE);
        assertThat(r.boards().privateEntries()).isEqualTo(5);
        assertThat(r.taskVersion()).isEqualTo(TASK.contentHash());
    }

    @Test
    void a_perfect_submission_wins_gold_on_a_small_board() {
        GradeReport r = grade("id,y\n1,10\n2,20\n3,30\n4,40\n");
        assertThat(r.scores().finalScore()).isEqualTo(0.0);
        assertThat(r.medal()).isEqualTo(Medal.GOLD);
        assertThat(r.aboveMedian()).isTrue();
        assertThat(r.standing().humanRank()).isEqualTo(1.0);
    }

    @Test
    void full_mode_feeds_back_the_score_on_all_rows_and_none_mode_nothing() {
        GradeReport full = grade("id,y\n1,10\n2,22\n3,30\n4,44\n", FeedbackMode.FULL);
        assertThat(full.scores().feedback()).isEqualTo(1.5);
        GradeReport none = grade("id,y\n1,10\n2,22\n3,30\n4,44\n", FeedbackMode.NONE);
        assertThat(none.scores().feedback()).isNull();
        assertThat(none.feedback()).isNull();
    }

    @Test
    void ids_compare_as_pandas_reads_them() {
        // leading zeros vanish in an integer column, as in pandas
        GradeReport r = grade("id,y\n001,10\n002,20\n003,30\n004,40\n");
        assertThat(r.scores().full()).isEqualTo(0.0);
    }

    @Test
    void typed_validation_errors_an_agent_can_act_on() {
        assertThat(kindOf(() -> grade(""))).isEqualTo(SubmissionErrorKind.EMPTY_FILE);
        assertThat(kindOf(() -> grade("id,y\n"))).isEqualTo(SubmissionErrorKind.EMPTY_FILE);
        assertThat(kindOf(() -> grade("id,pred\n1,1\n2,2\n3,3\n4,4\n"))).isEqualTo(SubmissionErrorKind.MISSING_COLUMNS);
        assertThat(kindOf(() -> grade("id,y,z\n1,1,0\n2,2,0\n3,3,0\n4,4,0\n"))).isEqualTo(SubmissionErrorKind.EXTRA_COLUMNS);
        assertThat(kindOf(() -> grade("id,y,y\n1,1,1\n"))).isEqualTo(SubmissionErrorKind.DUPLICATE_COLUMNS);
        assertThat(kindOf(() -> grade("id,y\n1,1\n1,1\n3,3\n4,4\n"))).isEqualTo(SubmissionErrorKind.DUPLICATE_IDS);
        assertThat(kindOf(() -> grade("id,y\n1,1\n2,2\n3,3\n"))).isEqualTo(SubmissionErrorKind.MISSING_IDS);
        assertThat(kindOf(() -> grade("id,y\n1,1\n2,2\n3,3\n4,4\n5,5\n"))).isEqualTo(SubmissionErrorKind.UNKNOWN_IDS);
        assertThat(kindOf(() -> grade("id,y\n1,1\n2,abc\n3,3\n4,4\n"))).isEqualTo(SubmissionErrorKind.UNPARSABLE_VALUE);
        assertThat(kindOf(() -> grade("id,y\n1,1,9\n2,2\n3,3\n4,4\n"))).isEqualTo(SubmissionErrorKind.UNREADABLE_CSV);
        assertThat(kindOf(() -> grade("id,y\n\"1,1\n2,2\n"))).isEqualTo(SubmissionErrorKind.UNREADABLE_CSV);
    }

    @Test
    void messages_name_the_problem_and_examples() {
        assertThatThrownBy(() -> grade("id,y\n1,1\n2,2\n"))
                .hasMessageContaining("2 of the 4 test ids are missing")
                .hasMessageContaining("3, 4");
        assertThatThrownBy(() -> grade("id,y\n1,1\n2,oops\n3,3\n4,4\n"))
                .hasMessageContaining("'y'").hasMessageContaining("oops");
    }

    @Test
    void limits_on_size_and_rows_are_enforced_before_scoring() {
        Grader tiny = new Grader(10, 1000);
        byte[] bytes = "id,y\n1,10\n2,20\n3,30\n4,40\n".getBytes(StandardCharsets.UTF_8);
        assertThat(kindOf(() -> tiny.grade(TASK, new TestTasks.TestMae(), ANSWERS, new ByteArrayInputStream(bytes),
                bytes.length, FeedbackMode.SPLIT))).isEqualTo(SubmissionErrorKind.FILE_TOO_LARGE);
        Grader fewRows = new Grader(1_000_000, 3);
        assertThat(kindOf(() -> fewRows.grade(TASK, new TestTasks.TestMae(), ANSWERS, new ByteArrayInputStream(bytes),
                bytes.length, FeedbackMode.SPLIT))).isEqualTo(SubmissionErrorKind.TOO_MANY_ROWS);
    }
}
