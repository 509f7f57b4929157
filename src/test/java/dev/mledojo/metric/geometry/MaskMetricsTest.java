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
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;

/** mean_dice_rle (hubmap), mean_fbeta_rle (vesuvius) and mean_iou_threshold_precision (tgs): one mask per id. */
class MaskMetricsTest {

    private static final MetricContext HUBMAP = new MetricContext("id", List.of("predicted"),
            MetricParams.of("empty_both", 1.0));
    private static final MetricContext VESUVIUS = new MetricContext("Id", List.of("Predicted"),
            MetricParams.of("beta", 0.5, "precision_if_no_pred", 1.0, "recall_if_no_truth", 1.0));
    private static final MetricContext TGS = new MetricContext("id", List.of("rle_mask"),
            MetricParams.of("shape", List.of(101, 101), "iou_empty_both", 1.0));

    private static void assertInvalid(Runnable scoring, SubmissionErrorKind kind, String message) {
        assertThatThrownBy(scoring::run).isInstanceOf(InvalidSubmissionException.class).hasMessage(message)
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).kind()).isEqualTo(kind));
    }

    // ---- mean_dice_rle ---------------------------------------------------------------------------------------

    @Test
    void dice_example_of_metrics_md() {
        Table truth = Table.of("id,predicted", "a,1 4", "b,");
        Table pred = Table.of("id,predicted", "a,3 4", "b,");
        assertThat(new MeanDiceRle().score(truth, pred, HUBMAP)).isEqualTo(0.75);
        assertThat(new MeanDiceRle().score(truth, truth, HUBMAP)).isEqualTo(1.0);
        assertThat(new MeanDiceRle().alignment()).isEqualTo(Metric.Alignment.BY_ID);
    }

    @Test
    void dice_takes_starts_as_given_from_zero_and_unions_overlapping_runs() {
        Table truth = Table.of("id,predicted", "a,0 2");
        assertThat(new MeanDiceRle().score(truth, Table.of("id,predicted", "a,0 1 0 2"), HUBMAP)).isEqualTo(1.0);
        // {0,1} vs {1,2}: 2*1/4
        assertThat(new MeanDiceRle().score(truth, Table.of("id,predicted", "a,1 2"), HUBMAP)).isEqualTo(0.5);
        // nothing predicted on a non-empty truth
        assertThat(new MeanDiceRle().score(truth, Table.of("id,predicted", "a,"), HUBMAP)).isEqualTo(0.0);
    }

    @Test
    void dice_refuses_malformed_cells_naming_the_id() {
        Table truth = Table.of("id,predicted", "a,1 4", "b,");
        MeanDiceRle m = new MeanDiceRle();
        assertInvalid(() -> m.score(truth, Table.of("id,predicted", "a,1 4", "b,1 2 3"), HUBMAP),
                SubmissionErrorKind.MALFORMED_ROW, "Invalid predicted for id 'b': it has an odd number of values (3); "
                        + "an RLE is a list of 'start length' pairs.");
        assertInvalid(() -> m.score(truth, Table.of("id,predicted", "a,-1 4", "b,"), HUBMAP),
                SubmissionErrorKind.MALFORMED_ROW, "Invalid predicted for id 'a': start -1 is negative.");
        assertInvalid(() -> m.score(truth, Table.of("id,predicted", "a,1 0", "b,"), HUBMAP),
                SubmissionErrorKind.MALFORMED_ROW, "Invalid predicted for id 'a': run length 0 at start 1 is not "
                        + "positive.");
        assertInvalid(() -> m.score(truth, Table.of("id,predicted", "a,1 x", "b,"), HUBMAP),
                SubmissionErrorKind.MALFORMED_ROW, "Invalid predicted for id 'a': value 'x' is not an integer.");
    }

    @Test
    void dice_reports_the_first_bad_cell_in_id_order_and_a_bad_answer_as_a_scoring_failure() {
        Table truth = Table.of("id,predicted", "b,", "a,1 4");
        Table pred = Table.of("id,predicted", "b,1", "a,2");
        assertInvalid(() -> new MeanDiceRle().score(truth, pred, HUBMAP), SubmissionErrorKind.MALFORMED_ROW,
                "Invalid predicted for id 'a': it has an odd number of values (1); an RLE is a list of 'start length' "
                        + "pairs.");
        Table badTruth = Table.of("id,predicted", "a,1 4 5");
        assertThatThrownBy(() -> new MeanDiceRle().score(badTruth, Table.of("id,predicted", "a,1 4"), HUBMAP))
                .isInstanceOf(ScoringException.class).hasMessage("The ground truth predicted for id 'a' cannot be "
                        + "read: it has an odd number of values (3); an RLE is a list of 'start length' pairs.");
    }

    // ---- mean_fbeta_rle --------------------------------------------------------------------------------------

    private static double fbeta(String truthRle, String predRle) {
        return new MeanFbetaRle().score(Table.of("Id,Predicted", "a," + truthRle),
                Table.of("Id,Predicted", "a," + predRle), VESUVIUS);
    }

    @Test
    void fbeta_examples_of_metrics_md() {
        assertThat(fbeta("1 4", "3 4")).isEqualTo(0.5);
        assertThat(fbeta("1 4", "1 2")).isEqualTo(1.25 * 0.5 / (0.25 + 0.5)).isCloseTo(0.833333, within(1e-6));
        assertThat(fbeta("1 4", "")).isEqualTo(0.0);
        assertThat(fbeta("", "")).isEqualTo(1.0);
        assertThat(fbeta("1 4 10 3", "1 4 10 3")).isEqualTo(1.0);
        // no truth but predictions: recall 1, precision 0 -> 0
        assertThat(fbeta("", "1 4")).isEqualTo(0.0);
    }

    @Test
    void fbeta_is_the_mean_over_rows() {
        Table truth = Table.of("Id,Predicted", "a,1 4", "b,1 4");
        Table pred = Table.of("Id,Predicted", "a,3 4", "b,1 4");
        assertThat(new MeanFbetaRle().score(truth, pred, VESUVIUS)).isEqualTo(0.75);
    }

    @Test
    void fbeta_refuses_repeated_pixels_and_starts_below_one() {
        MeanFbetaRle m = new MeanFbetaRle();
        Table truth = Table.of("Id,Predicted", "a,1 4");
        assertInvalid(() -> m.score(truth, Table.of("Id,Predicted", "a,1 3 3 2"), VESUVIUS),
                SubmissionErrorKind.MALFORMED_ROW,
                "Invalid Predicted for Id 'a': pixel 3 is covered by two runs (decoded pixels are duplicated).");
        assertInvalid(() -> m.score(truth, Table.of("Id,Predicted", "a,0 3"), VESUVIUS),
                SubmissionErrorKind.MALFORMED_ROW, "Invalid Predicted for Id 'a': start 0 is below 1 (starts are "
                        + "1-based).");
        assertThat(m.score(truth, Table.of("Id,Predicted", "a,1 2 3 2"), VESUVIUS)).isEqualTo(1.0);
    }

    // ---- mean_iou_threshold_precision ------------------------------------------------------------------------

    private static double tgs(String truthRle, String predRle) {
        return new MeanIouThresholdPrecision().score(Table.of("id,rle_mask", "a," + truthRle),
                Table.of("id,rle_mask", "a," + predRle), TGS);
    }

    @Test
    void tgs_examples_of_metrics_md() {
        // IoU exactly 0.6 misses the drifted 0.6000000000000001
        assertThat(tgs("1 4", "2 4")).isEqualTo(0.2);
        assertThat(tgs("1 4", "1 4")).isEqualTo(1.0);
        assertThat(tgs("", "")).isEqualTo(1.0);
        Table truth = Table.of("id,rle_mask", "a,1 4", "b,1 4");
        Table pred = Table.of("id,rle_mask", "a,2 4", "b,1 4");
        assertThat(new MeanIouThresholdPrecision().score(truth, pred, TGS)).isEqualTo(0.6);
        // IoU 0.75 misses the drifted 0.7500000000000002
        assertThat(tgs("1 4", "1 3")).isEqualTo(0.5);
        assertThat(tgs("1 4", "")).isEqualTo(0.0);
        assertThat(tgs("", "1 1")).isEqualTo(0.0);
    }

    @Test
    void tgs_cuts_runs_at_the_image_end_and_tolerates_empty_runs() {
        // 101 x 101 = 10201 pixels: '10201 50' is the last pixel only
        assertThat(tgs("10201 1", "10201 50")).isEqualTo(1.0);
        assertThat(tgs("1 4", "1 4 20 0")).isEqualTo(1.0);
        assertInvalid(() -> tgs("1 4", "1 4 7"), SubmissionErrorKind.MALFORMED_ROW,
                "Invalid rle_mask for id 'a': it has an odd number of values (3); an RLE is a list of 'start length' "
                        + "pairs.");
        assertInvalid(() -> tgs("1 4", "0 4"), SubmissionErrorKind.MALFORMED_ROW,
                "Invalid rle_mask for id 'a': start 0 is below 1 (starts are 1-based).");
    }
}
