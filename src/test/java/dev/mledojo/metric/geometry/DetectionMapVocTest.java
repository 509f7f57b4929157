package dev.mledojo.metric.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.Table;

class DetectionMapVocTest {

    private static final MetricContext VINBIG = new MetricContext("image_id", List.of("PredictionString"),
            MetricParams.of("variant", "vinbig", "iou", 0.4, "precision_eps", 1e-6));
    private static final MetricContext SIIM = new MetricContext("id", List.of("PredictionString"),
            MetricParams.of("variant", "siim", "iou", 0.5, "precision_eps", 1e-6));
    private static final DetectionMapVoc METRIC = new DetectionMapVoc();
    private static final double EPS = 1e-6;

    private static double vinbig(Table truth, Table pred) {
        return METRIC.score(truth, pred, VINBIG);
    }

    @Test
    void example_of_metrics_md() {
        // one class, 2 boxes in 2 images; by confidence: hit (0.9), miss (0.8), hit (0.7)
        Table truth = Table.of("image_id,PredictionString", "i1,0 1.0 0 0 10 10", "i2,0 1.0 0 0 10 10");
        Table pred = Table.of("image_id,PredictionString", "i1,0 0.9 0 0 10 10 0 0.8 50 50 60 60",
                "i2,0 0.7 0 0 10 10");
        double expected = 0.5 * (1 / (1 + EPS)) + 0.5 * (2 / (3 + EPS));
        assertThat(vinbig(truth, pred)).isEqualTo(expected).isCloseTo(0.833333, within(1e-6));
        // a class with boxes and no prediction: AP 0
        Table truth2 = Table.of("image_id,PredictionString", "i1,0 1.0 0 0 10 10 3 1.0 5 5 8 8",
                "i2,0 1.0 0 0 10 10");
        assertThat(vinbig(truth2, pred)).isEqualTo(expected / 2);
    }

    @Test
    void a_perfect_submission_scores_just_below_one_because_of_the_precision_epsilon() {
        Table truth = Table.of("image_id,PredictionString", "i1,14 1 0 0 1 1", "i2,14 1 0 0 1 1",
                "i3,2 1 10 10 50 50 5 1 0 0 30 30");
        // class 14: 2 hits -> 2/(2+eps); classes 2 and 5: 1 hit each -> 1/(1+eps)
        double expected = (1 / (1 + EPS) + 1 / (1 + EPS) + 2 / (2 + EPS)) / 3;
        assertThat(vinbig(truth, truth)).isCloseTo(expected, within(1e-15)).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void siim_counts_a_second_hit_on_a_detected_box_as_duplicate_where_vinbig_takes_the_next_box() {
        // boxes A [0,0,10,10] and B [0,0,10,9]; both predictions are A exactly
        Table truthV = Table.of("image_id,PredictionString", "i1,3 1 0 0 10 10 3 1 0 0 10 9");
        Table predV = Table.of("image_id,PredictionString", "i1,3 0.9 0 0 10 10 3 0.8 0 0 10 10");
        double both = 0.5 * (2 / (2 + EPS)) + 0.5 * (2 / (2 + EPS));
        assertThat(vinbig(truthV, predV)).isEqualTo(both);
        Table truthS = Table.of("id,PredictionString", "x_image,opacity 1 0 0 10 10 opacity 1 0 0 10 9");
        Table predS = Table.of("id,PredictionString", "x_image,opacity 0.9 0 0 10 10 opacity 0.8 0 0 10 10");
        assertThat(METRIC.score(truthS, predS, SIIM)).isEqualTo(0.5 * (1 / (1 + EPS)));
    }

    @Test
    void siim_classes_are_text_and_classes_without_boxes_are_skipped() {
        Table truth = Table.of("id,PredictionString", "s1_study,negative 1 0 0 1 1", "i1_image,none 1 0 0 1 1",
                "s2_study,typical 1 0 0 1 1");
        Table pred = Table.of("id,PredictionString", "s1_study,negative 1 0 0 1 1 atypical 0.5 0 0 1 1",
                "i1_image,none 1 0 0 1 1", "s2_study,negative 0.2 0 0 1 1");
        // negative: hit (1.0) then a miss in s2 (0.2) -> AP 1/(1+eps); none 1/(1+eps); typical 0; atypical skipped
        assertThat(METRIC.score(truth, pred, SIIM)).isEqualTo((1 / (1 + EPS) + 1 / (1 + EPS) + 0.0) / 3);
        assertThat(METRIC.score(truth, truth, SIIM)).isEqualTo(1 / (1 + EPS));
    }

    @Test
    void malformed_groups_are_skipped_as_the_reference_parsers_do() {
        Table truthS = Table.of("id,PredictionString", "a_image,opacity 1 0 0 10 10");
        // siim: a token count that is not a multiple of 6 drops the whole cell
        assertThat(METRIC.score(truthS, Table.of("id,PredictionString", "a_image,opacity 0.9 0 0 10 10 x"), SIIM))
                .isEqualTo(0.0);
        // siim: a group with a non-number is skipped, the rest counts
        assertThat(METRIC.score(truthS,
                Table.of("id,PredictionString", "a_image,opacity high 0 0 10 10 opacity 0.9 0 0 10 10"), SIIM))
                .isEqualTo(1 / (1 + EPS));
        Table truthV = Table.of("image_id,PredictionString", "a,0 1 0 0 10 10");
        // vinbig: non-integer or out-of-range classes, bad numbers and a trailing partial group are skipped
        assertThat(vinbig(truthV, Table.of("image_id,PredictionString",
                "a,x 0.9 0 0 10 10 0.0 0.9 0 0 10 10 15 0.9 0 0 10 10 0 abc 0 0 10 10 0 0.5 0 0 10 10 0 0.4 0 0")))
                .isEqualTo(1 / (1 + EPS));
        // nothing predicted at all
        assertThat(vinbig(truthV, Table.of("image_id,PredictionString", "a,"))).isEqualTo(0.0);
    }

    @Test
    void confidence_ties_across_images_follow_the_id_order_not_the_file_order() {
        // a miss in image 'a' and a hit in image 'b' share confidence 0.5; 'a' sorts first
        Table truth = Table.of("image_id,PredictionString", "b,0 1 0 0 10 10", "a,");
        Table pred = Table.of("image_id,PredictionString", "b,0 0.5 0 0 10 10", "a,0 0.5 0 0 10 10");
        assertThat(vinbig(truth, pred)).isEqualTo(1 / (2 + EPS));
    }

    @Test
    void vinbig_needs_overlap_at_the_threshold_and_siim_iou_zero_for_touching_boxes() {
        assertThat(DetectionMapVoc.iouVinbig(new double[] {0, 0, 10, 10}, new double[] {10, 0, 20, 10}))
                .isEqualTo(0.0);
        assertThat(DetectionMapVoc.iouSiim(new double[] {0, 0, 10, 10}, new double[] {5, 0, 15, 10}))
                .isEqualTo(50.0 / 150);
        Table truth = Table.of("image_id,PredictionString", "a,0 1 0 0 10 10");
        // IoU 40/100 = 0.4 reaches vinbig's threshold
        assertThat(vinbig(truth, Table.of("image_id,PredictionString", "a,0 0.9 0 0 10 4")))
                .isEqualTo(1 / (1 + EPS));
        assertThat(vinbig(truth, Table.of("image_id,PredictionString", "a,0 0.9 0 0 10 3.9"))).isEqualTo(0.0);
    }

    @Test
    void the_variant_must_be_configured() {
        MetricContext none = new MetricContext("id", List.of("PredictionString"), MetricParams.of("iou", 0.5));
        Table t = Table.of("id,PredictionString", "a,");
        assertThatThrownBy(() -> METRIC.score(t, t, none)).isInstanceOf(IllegalStateException.class)
                .hasMessage("detection_map_voc needs the parameter 'variant' (siim or vinbig)");
    }
}
