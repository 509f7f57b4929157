package dev.mledojo.metric.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;

class KuzushijiPointF1Test {

    private static final MetricContext CTX = new MetricContext("image_id", List.of("labels"),
            MetricParams.of("max_preds_per_image", 1200));
    private static final String HEADER = "image_id,labels";
    private static final KuzushijiPointF1 METRIC = new KuzushijiPointF1();

    private static double score(String truthCell, String predCell) {
        return METRIC.score(Table.of(HEADER, "img," + truthCell), Table.of(HEADER, "img," + predCell), CTX);
    }

    private static void assertInvalid(String predCell, String message) {
        assertThatThrownBy(() -> score("U+3042 10 10 20 20", predCell)).isInstanceOf(InvalidSubmissionException.class)
                .hasMessage(message).satisfies(e -> assertThat(((InvalidSubmissionException) e).kind())
                        .isEqualTo(SubmissionErrorKind.MALFORMED_ROW));
    }

    @Test
    void example_of_metrics_md() {
        double p = 1.0 / 3;
        double r = 0.5;
        assertThat(score("U+3042 10 10 20 20 U+3044 50 50 10 10", "U+3042 15 15 U+3044 70 55 U+3046 0 0"))
                .isEqualTo(2 * p * r / (p + r)).isCloseTo(0.4, within(1e-15));
    }

    @Test
    void the_perfect_prediction_of_an_answer_cell_is_each_box_centre_and_scores_one() {
        String truth = "U+3042 10 10 20 20 U+3044 50 50 1 1 U+3046 0.5 2.25 3 1.5";
        String perfect = METRIC.perfectPrediction(truth);
        // whole numbers: floor of the centre (inside the half-open box even for a 1-pixel box); else the exact centre
        assertThat(perfect).isEqualTo("U+3042 20 20 U+3044 50 50 U+3046 2.0 3.0");
        assertThat(score(truth, perfect)).isEqualTo(1.0);
        assertThat(METRIC.perfectPrediction("")).isEmpty();
        assertThat(METRIC.perfectPrediction(null)).isNull();
    }

    @Test
    void boxes_are_half_open_and_matched_first_come_in_answer_order() {
        String truth = "A 10 10 20 20";
        assertThat(score(truth, "A 10 10")).isEqualTo(1.0);
        assertThat(score(truth, "A 30 15")).isEqualTo(0.0);
        assertThat(score(truth, "B 15 15")).isEqualTo(0.0);
        // two overlapping boxes of one label: both points inside both -> two TPs
        assertThat(score("A 0 0 10 10 A 0 0 10 10", "A 5 5 A 6 6")).isEqualTo(1.0);
        // the first point lies in both boxes and takes the first, which the second point needed: TP 1, FP 1, FN 1
        assertThat(score("A 0 0 10 10 A 4 4 2 2", "A 5 5 A 1 1")).isEqualTo(0.5);
    }

    @Test
    void counts_are_summed_over_images_and_all_empty_is_perfect() {
        Table truth = Table.of(HEADER, "a,A 0 0 10 10", "b,B 0 0 10 10");
        Table pred = Table.of(HEADER, "a,A 1 1", "b,");
        // TP 1, FP 0, FN 1
        assertThat(METRIC.score(truth, pred, CTX)).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(METRIC.score(truth, Table.of(HEADER, "a,A 0 0", "b,B 9.5 9.99"), CTX)).isEqualTo(1.0);
        Table empty = Table.of(HEADER, "a,", "b,");
        assertThat(METRIC.score(empty, empty, CTX)).isEqualTo(1.0);
        assertThat(METRIC.score(empty, Table.of(HEADER, "a,A 1 1", "b,"), CTX)).isEqualTo(0.0);
    }

    @Test
    void a_perfect_submission_puts_each_point_on_its_box_corner() {
        assertThat(score("U+3042 10 10 20 20 U+3044 50 50 10 10", "U+3042 10 10 U+3044 50 50")).isEqualTo(1.0);
    }

    @Test
    void malformed_prediction_cells() {
        assertInvalid("A 1 1 B", "Invalid labels for image_id 'img': expected groups of 'label X Y', but found 4 items.");
        assertInvalid("A 1 y", "Invalid labels for image_id 'img': non-numeric Y coordinate 'y' in item 1.");
        assertInvalid("A 1 y B x 2", "Invalid labels for image_id 'img': non-numeric X coordinate 'x' in item 2.");
        assertInvalid("A 1 1 ".repeat(1201), "Invalid labels for image_id 'img': 1201 predictions exceed the limit of "
                + "1200 per image.");
        assertThat(score("A 0 0 10 10", "A 1 1 ".repeat(1200))).isCloseTo(2 * (1.0 / 1200) / (1.0 / 1200 + 1),
                within(1e-15));
    }

    @Test
    void malformed_answers_fail_the_scoring() {
        assertThatThrownBy(() -> score("A 0 0 10", "")).isInstanceOf(ScoringException.class)
                .hasMessage("Ground truth format error (expected label X Y W H groups) in labels for image_id 'img'.");
        assertThatThrownBy(() -> score("A 0 0 -1 10", "")).isInstanceOf(ScoringException.class)
                .hasMessage("Invalid value in ground truth labels for image_id 'img': width and height must be "
                        + "non-negative.");
    }
}
