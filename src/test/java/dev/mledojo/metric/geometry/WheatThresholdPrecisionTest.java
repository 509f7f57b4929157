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

class WheatThresholdPrecisionTest {

    private static final MetricContext CTX = new MetricContext("image_id", List.of("PredictionString"),
            MetricParams.of("thresholds", List.of(0.5, 0.55, 0.6, 0.65, 0.7, 0.75), "empty_truth", 0.0));
    private static final String HEADER = "image_id,PredictionString";
    private static final WheatThresholdPrecision METRIC = new WheatThresholdPrecision();

    private static double score(String truthCell, String predCell) {
        return METRIC.score(Table.of(HEADER, "img," + truthCell), Table.of(HEADER, "img," + predCell), CTX);
    }

    @Test
    void example_of_metrics_md() {
        String truth = "1.0 0 0 10 10 1.0 20 20 10 10";
        // (0.9, [0,0,10,8]) has IoU 0.8 with the first box; (0.8, [50,50,5,5]) overlaps nothing
        assertThat(score(truth, "0.9 0 0 10 8 0.8 50 50 5 5")).isCloseTo(1.0 / 3, within(1e-15))
                .isCloseTo(0.333333, within(1e-6));
        Table two = Table.of(HEADER, "a," + truth, "b,");
        Table pred = Table.of(HEADER, "a,0.9 0 0 10 8 0.8 50 50 5 5", "b,0.5 0 0 10 10");
        assertThat(METRIC.score(two, pred, CTX)).isCloseTo(1.0 / 6, within(1e-15));
    }

    @Test
    void images_without_answer_boxes_score_zero_even_when_perfect() {
        assertThat(score("", "")).isEqualTo(0.0);
        Table truth = Table.of(HEADER, "a,1.0 0 0 10 10 1.0 20 20 10 10", "b,");
        assertThat(METRIC.score(truth, truth, CTX)).isEqualTo(0.5);
        assertThat(score("1.0 0 0 10 10 1.0 20 20 10 10", "1.0 0 0 10 10 1.0 20 20 10 10")).isEqualTo(1.0);
    }

    @Test
    void predictions_go_by_confidence_and_ties_keep_their_order() {
        // GT1 y 0..10, GT2 y 2..12; P1 (y 1..11) has IoU 90/110 with both (GT1 wins the tie),
        // P2 (y 0..10) has IoU 1 with GT1 and 80/120 with GT2
        String truth = "1.0 0 0 10 10 1.0 0 2 10 10";
        String p1 = "0 1 10 10";
        String p2 = "0 0 10 10";
        double p1First = (4 * 1.0 + 2 * (1.0 / 3)) / 6; // P2 falls to GT2 below 0.7 only
        assertThat(score(truth, "0.9 " + p1 + " 0.8 " + p2)).isCloseTo(p1First, within(1e-15));
        assertThat(score(truth, "0.8 " + p1 + " 0.9 " + p2)).isEqualTo(1.0);
        assertThat(score(truth, "0.9 " + p1 + " 0.9 " + p2)).isCloseTo(p1First, within(1e-15));
        assertThat(score(truth, "0.9 " + p2 + " 0.9 " + p1)).isEqualTo(1.0);
        // a NaN confidence goes last
        assertThat(score(truth, "nan " + p1 + " 0.1 " + p2)).isEqualTo(1.0);
    }

    @Test
    void an_incomplete_trailing_group_is_ignored_but_every_token_must_be_a_number() {
        assertThat(score("1.0 0 0 10 10", "0.9 0 0 10 10 0.5 1")).isEqualTo(1.0);
        assertThatThrownBy(() -> score("1.0 0 0 10 10", "0.9 0 0 ten 10"))
                .isInstanceOf(InvalidSubmissionException.class)
                .hasMessage("Invalid PredictionString for image_id 'img': value 'ten' is not a number.")
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).kind())
                        .isEqualTo(SubmissionErrorKind.MALFORMED_ROW));
        assertThatThrownBy(() -> score("1.0 0 0 x 10", "")).isInstanceOf(ScoringException.class)
                .hasMessage("The ground truth PredictionString for image_id 'img' cannot be read: value 'x' is not a "
                        + "number.");
    }

    @Test
    void iou_follows_the_reference_formula() {
        double[] a = {1, 0, 0, 10, 10};
        assertThat(WheatThresholdPrecision.iou(a, new double[] {1, 5, 0, 10, 10})).isEqualTo(50.0 / 150);
        assertThat(WheatThresholdPrecision.iou(a, new double[] {1, 20, 20, 5, 5})).isEqualTo(0.0);
        assertThat(WheatThresholdPrecision.iou(new double[] {1, 0, 0, 0, 0}, new double[] {1, 0, 0, 0, 0}))
                .isEqualTo(0.0);
        // Python's max/min keep their first argument against NaN, so argument order decides (as in the reference)
        assertThat(WheatThresholdPrecision.iou(a, new double[] {1, Double.NaN, 0, 10, 10})).isEqualTo(1.0);
        assertThat(WheatThresholdPrecision.iou(new double[] {1, Double.NaN, 0, 10, 10}, a)).isEqualTo(0.0);
        assertThat(WheatThresholdPrecision.iou(a, new double[] {1, 0, 0, Double.NaN, 10})).isNaN();
    }
}
