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

class AirbusF2IouTest {

    private static final MetricParams PARAMS = MetricParams.of("beta", 2, "iou_dtype", "float32", "shape",
            List.of(768, 768), "empty_both", 1.0);
    private static final MetricContext CTX = new MetricContext("ImageId", List.of("EncodedPixels"), PARAMS);
    private static final String HEADER = "ImageId,EncodedPixels";
    private static final AirbusF2Iou METRIC = new AirbusF2Iou();

    private static void assertInvalid(Table truth, Table pred, SubmissionErrorKind kind, String message) {
        assertThatThrownBy(() -> METRIC.score(truth, pred, CTX)).isInstanceOf(InvalidSubmissionException.class)
                .hasMessage(message).satisfies(e -> assertThat(((InvalidSubmissionException) e).kind()).isEqualTo(kind));
    }

    @Test
    void iou_of_exactly_0_6_passes_the_drifted_threshold_as_float32() {
        // GT {1..4} and {101..103}; predictions {2..5} (IoU 3/5 with the first) and {201, 202}
        Table truth = Table.of(HEADER, "img,1 4", "img,101 3");
        Table pred = Table.of(HEADER, "img,2 4", "img,201 2");
        assertThat(METRIC.score(truth, pred, CTX)).isEqualTo(0.15);
        MetricContext float64 = new MetricContext("ImageId", List.of("EncodedPixels"),
                MetricParams.of("iou_dtype", "float64"));
        assertThat(METRIC.score(truth, pred, float64)).isEqualTo(0.1);
        assertThat(METRIC.alignment()).isEqualTo(Metric.Alignment.CUSTOM);
    }

    @Test
    void iou_0_9_as_float32_fails_the_last_two_thresholds() {
        Table truth = Table.of(HEADER, "img,1 10", "img,501 5");
        // the reference wants at least as many rows as the answers: an empty row is no object
        Table pred = Table.of(HEADER, "img,1 9", "img,");
        assertThat(METRIC.score(truth, pred, CTX)).isCloseTo(8 * (5.0 / 9) / 10, within(1e-15))
                .isCloseTo(0.444444, within(1e-6));
    }

    @Test
    void empty_images_and_the_mean_over_images() {
        Table truth = Table.of(HEADER, "a,", "b,");
        assertThat(METRIC.score(truth, Table.of(HEADER, "a,", "b,"), CTX)).isEqualTo(1.0);
        assertThat(METRIC.score(truth, Table.of(HEADER, "a,", "b,1 3"), CTX)).isEqualTo(0.5);
        // a blank (not empty) cell is an object with an empty mask, as the reference decodes it
        assertThat(METRIC.score(truth, Table.of(HEADER, "a,", "b, "), CTX)).isEqualTo(0.5);
    }

    @Test
    void a_perfect_submission_scores_one_and_merged_ships_are_one_object() {
        Table truth = Table.of(HEADER, "a,1 3 10 2", "b,", "c,700 20");
        assertThat(METRIC.score(truth, truth, CTX)).isEqualTo(1.0);
        // the two ships of image a predicted separately: each is compared with the merged mask ({1..3, 10, 11})
        Table perShip = Table.of(HEADER, "a,1 3", "a,10 2", "b,", "c,700 20");
        // a: IoU 3/5 (float32 passes 0.6000000000000001) and 2/5; thresholds 0.5..0.6: TP 1, FP 1 -> 5/6
        double a = 3 * (5.0 / 6) / 10;
        assertThat(METRIC.score(truth, perShip, CTX)).isCloseTo((a + 1 + 1) / 3, within(1e-15));
    }

    @Test
    void runs_are_cut_at_the_end_of_the_768_by_768_image() {
        Table truth = Table.of(HEADER, "a,589824 1");
        assertThat(METRIC.score(truth, Table.of(HEADER, "a,589824 30"), CTX)).isEqualTo(1.0);
    }

    @Test
    void validation_errors() {
        Table truth = Table.of(HEADER, "a,1 4", "b,");
        assertInvalid(truth, Table.of(HEADER, "a,1 4"), SubmissionErrorKind.ROW_COUNT,
                "Submission has fewer rows (1) than ground truth (2). Each predicted segmentation should be a separate "
                        + "row; an image without ships needs one row with an empty EncodedPixels.");
        assertInvalid(truth, Table.of("ImageId,EncodedPixels,Confidence", "a,1 4,1", "b,,1"),
                SubmissionErrorKind.EXTRA_COLUMNS,
                "Extra unexpected columns found in submission: Confidence. Expected header: ImageId,EncodedPixels.");
        assertInvalid(truth, Table.of(HEADER, "a,1 4", "b,", "zz,"), SubmissionErrorKind.UNKNOWN_IDS,
                "The submission has 1 images that are not in the test set, e.g. zz.");
        assertInvalid(truth, Table.of(HEADER, "a,1 4", "a,10 4"), SubmissionErrorKind.MISSING_IDS,
                "The submission has no row for 1 test images, e.g. b; give at least one row per image (an empty mask "
                        + "when there is no ship).");
        assertInvalid(truth, Table.of(HEADER, "a,1 4 9", "b,"), SubmissionErrorKind.MALFORMED_ROW,
                "Invalid EncodedPixels for ImageId 'a': it has an odd number of values (3); an RLE is a list of "
                        + "'start length' pairs.");
        assertInvalid(truth, Table.of(HEADER, "a,0 4", "b,"), SubmissionErrorKind.MALFORMED_ROW,
                "Invalid EncodedPixels for ImageId 'a': start 0 is below 1 (starts are 1-based).");
        assertInvalid(truth, Table.of(HEADER, "a,1 0", "b,"), SubmissionErrorKind.MALFORMED_ROW,
                "Invalid EncodedPixels for ImageId 'a': run length 0 at start 1 is not positive.");
        assertInvalid(truth, Table.of(HEADER, "a,1 4", "b,", "a,3 5"), SubmissionErrorKind.MALFORMED_ROW,
                "Overlapping ship predictions found for ImageId 'a': pixel 3 belongs to two predicted masks; give "
                        + "each pixel to one ship at most.");
    }
}
