package dev.mledojo.metric.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;

class DiceHausdorffComboTest {

    private static final MetricContext CTX = new MetricContext("id", List.of("predicted"),
            MetricParams.of("dice_weight", 0.4, "hausdorff_weight", 0.6, "shape", List.of(512, 512),
                    "dice_empty_both", 0.0, "hd_empty_both", 0.0, "hd_one_empty", 1.0));
    private static final String HEADER = "id,class,predicted";
    private static final DiceHausdorffCombo METRIC = new DiceHausdorffCombo();

    private static void assertInvalid(Table truth, Table pred, SubmissionErrorKind kind, String message) {
        assertThatThrownBy(() -> METRIC.score(truth, pred, CTX)).isInstanceOf(InvalidSubmissionException.class)
                .hasMessage(message).satisfies(e -> assertThat(((InvalidSubmissionException) e).kind()).isEqualTo(kind));
    }

    @Test
    void examples_of_metrics_md() {
        // truth (0,0),(1,0); prediction (0,0),(0,1): Dice 0.5, HD (1/512)/sqrt 2
        double hd = (1.0 / 512) / Math.sqrt(2);
        Table truth = Table.of(HEADER, "s1,stomach,1 2");
        Table pred = Table.of(HEADER, "s1,stomach,1 1 513 1");
        double one = METRIC.score(truth, pred, CTX);
        assertThat(one).isEqualTo(0.4 * 0.5 + 0.6 * (1 - hd)).isCloseTo(0.799171, within(1e-6));

        Table truth2 = Table.of(HEADER, "s1,stomach,1 2", "s1,small_bowel,");
        Table pred2 = Table.of(HEADER, "s1,stomach,1 1 513 1", "s1,small_bowel,");
        assertThat(METRIC.score(truth2, pred2, CTX)).isEqualTo(0.4 * 0.25 + 0.6 * (1 - hd / 2))
                .isCloseTo(0.699586, within(1e-6));

        assertThat(METRIC.score(truth, Table.of(HEADER, "s1,stomach,"), CTX)).isEqualTo(0.0);
        assertThat(METRIC.alignment()).isEqualTo(Metric.Alignment.CUSTOM);
    }

    @Test
    void a_perfect_submission_scores_below_one_when_slices_are_empty() {
        Table truth = Table.of(HEADER, "s1,large_bowel,1 2", "s1,small_bowel,", "s1,stomach,100 5");
        // Dice [1, 0, 1], HD [0, 0, 0]
        assertThat(METRIC.score(truth, truth, CTX)).isEqualTo(0.4 * (2.0 / 3) + 0.6);
        Table full = Table.of(HEADER, "s1,large_bowel,1 2", "s1,stomach,100 5");
        assertThat(METRIC.score(full, full, CTX)).isEqualTo(1.0);
    }

    @Test
    void rows_pair_by_id_and_class_whatever_the_order() {
        Table truth = Table.of(HEADER, "s1,large_bowel,1 2", "s1,small_bowel,", "s2,stomach,100 5", "s1,stomach,7 3");
        Table shuffled = Table.of(HEADER, "s1,stomach,7 3", "s2,stomach,100 5", "s1,small_bowel,",
                "s1,large_bowel,1 2");
        assertThat(METRIC.score(truth, shuffled, CTX)).isEqualTo(0.4 * 0.75 + 0.6);
    }

    @Test
    void far_apart_single_pixels_and_the_cap_at_one() {
        // (0,0) vs (511,511): HD = 511 sqrt 2 / 512, normalised by sqrt 2 -> 511/512
        Table truth = Table.of(HEADER, "s1,stomach,1 1");
        double hd = Math.sqrt(511.0 * 511 + 511 * 511) / 512 / Math.sqrt(2);
        assertThat(METRIC.score(truth, Table.of(HEADER, "s1,stomach,262144 1"), CTX)).isEqualTo(0.6 * (1 - hd))
                .isCloseTo(0.6 / 512, within(1e-12));
        // runs past 512*512 are cut: '262144 10' is the same single pixel
        assertThat(METRIC.score(truth, Table.of(HEADER, "s1,stomach,262144 10"), CTX)).isEqualTo(0.6 * (1 - hd));
    }

    @Test
    void validation_errors() {
        Table truth = Table.of(HEADER, "s1,large_bowel,1 2", "s1,stomach,");
        assertInvalid(truth, Table.of("id,predicted", "s1,1 2", "s1,"), SubmissionErrorKind.MISSING_COLUMNS,
                "Missing required columns in submission: class. Expected header: id,class,predicted.");
        assertInvalid(truth, Table.of("id,class,predicted,score", "s1,large_bowel,1 2,1", "s1,stomach,,1"),
                SubmissionErrorKind.EXTRA_COLUMNS,
                "Extra unexpected columns found in submission: score. Expected header: id,class,predicted.");
        assertInvalid(truth, Table.of(HEADER, "s1,large_bowel,1 2"), SubmissionErrorKind.ROW_COUNT,
                "Number of rows in submission (1) does not match ground truth (2); give one row per row of the test "
                        + "set (every id with each of its classes).");
        assertInvalid(truth, Table.of(HEADER, "s1,large_bowel,1 2", "s9,stomach,"), SubmissionErrorKind.MISSING_IDS,
                "Column 'id' does not match the test set: ids missing or given fewer times than in the test set, e.g. "
                        + "s1; ids not in the test set or repeated too often, e.g. s9.");
        assertInvalid(truth, Table.of(HEADER, "s1,large_bowel,1 2", "s1,large_bowel,"),
                SubmissionErrorKind.DUPLICATE_IDS, "The submission repeats ('s1', class 'large_bowel') in rows 1 and 2; "
                        + "give one row per id and class.");
        assertInvalid(truth, Table.of(HEADER, "s1,large_bowel,1 2", "s1,colon,"), SubmissionErrorKind.MISSING_IDS,
                "The submission has no row for ('s1', class 'stomach'); give one row per id and class of the test "
                        + "set.");
        assertInvalid(truth, Table.of(HEADER, "s1,large_bowel,1 2", "s1,stomach,5"), SubmissionErrorKind.MALFORMED_ROW,
                "Invalid predicted for id 's1', class 'stomach': it has an odd number of values (1); an RLE is a list "
                        + "of 'start length' pairs.");
        assertInvalid(truth, Table.of(HEADER, "s1,large_bowel,0 2", "s1,stomach,"), SubmissionErrorKind.MALFORMED_ROW,
                "Invalid predicted for id 's1', class 'large_bowel': start 0 is below 1 (starts are 1-based).");
    }

    @Test
    void answers_without_a_class_column_pair_by_position_within_the_id() {
        Table truth = Table.of("id,predicted", "s1,1 2", "s1,");
        MetricContext ctx = new MetricContext("id", List.of("predicted"), MetricParams.EMPTY);
        assertThat(METRIC.score(truth, Table.of("id,predicted", "s1,1 2", "s1,"), ctx)).isEqualTo(0.4 * 0.5 + 0.6);
        assertThat(METRIC.score(truth, Table.of("id,predicted", "s1,", "s1,1 2"), ctx)).isEqualTo(0.0);
    }
}
