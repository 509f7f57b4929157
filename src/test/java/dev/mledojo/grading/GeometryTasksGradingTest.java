package dev.mledojo.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.Table;
import dev.mledojo.metric.geometry.AirbusF2Iou;
import dev.mledojo.metric.geometry.DetectionMapVoc;
import dev.mledojo.metric.geometry.DiceHausdorffCombo;
import dev.mledojo.metric.geometry.KuzushijiPointF1;
import dev.mledojo.metric.geometry.MeanDiceRle;
import dev.mledojo.metric.geometry.MeanFbetaRle;
import dev.mledojo.metric.geometry.MeanIouThresholdPrecision;
import dev.mledojo.metric.geometry.WheatThresholdPrecision;
import dev.mledojo.task.Answers;
import dev.mledojo.task.FeedbackSplit.Part;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskParser;

/**
 * The nine catalogue tasks of the geometry metrics, read from their task.yaml: tiny answers in the competition's
 * layout, the competition's sample submission and the answers themselves go through the real Grader (pairing,
 * column checks, feedback/final split) with the task's own metric parameters.
 */
class GeometryTasksGradingTest {

    private static final double EPS = 1e-6;
    private final Grader grader = new Grader(1_000_000, 1000);

    private static TaskDefinition task(String id) {
        TaskParser.Result result = TaskParser.parse(Path.of("tasks", id));
        assertThat(result).isInstanceOf(TaskParser.Valid.class);
        return ((TaskParser.Valid) result).definition();
    }

    /** Grades {@code csv}; the answers' ids alternate between the feedback and the final part. */
    private GradeReport grade(String taskId, Metric metric, String answersCsv, String csv) {
        TaskDefinition task = task(taskId);
        assertThat(task.metricId()).isEqualTo(metric.id());
        Table truth = table(answersCsv);
        Map<String, Part> parts = new HashMap<>();
        String[] ids = truth.strings(task.idColumn());
        for (String id : ids) {
            parts.putIfAbsent(id, parts.size() % 2 == 0 ? Part.FEEDBACK : Part.FINAL);
        }
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        return grader.grade(task, metric, new Answers(truth, parts), new ByteArrayInputStream(bytes), bytes.length,
                FeedbackMode.SPLIT);
    }

    private static Table table(String csv) {
        String[] lines = csv.split("\n");
        return Table.of(lines[0], java.util.Arrays.copyOfRange(lines, 1, lines.length));
    }

    private static double full(GradeReport r) {
        return r.scores().full();
    }

    @Test
    void airbus_sample_and_perfect() {
        String answers = "ImageId,EncodedPixels\na.jpg,1 3 10 2\nb.jpg,\nc.jpg,700 20\n";
        Metric m = new AirbusF2Iou();
        // sample: every image empty -> only the ship-free image scores
        assertThat(full(grade("airbus-ship-detection", m, answers, "ImageId,EncodedPixels\na.jpg,\nb.jpg,\nc.jpg,\n")))
                .isEqualTo(1.0 / 3);
        GradeReport perfect = grade("airbus-ship-detection", m, answers, answers);
        assertThat(perfect.scores()).isEqualTo(new GradeReport.Scores(1.0, 1.0, 1.0));
        assertThat(perfect.rows()).isEqualTo(new GradeReport.Rows(2, 1, 3));
    }

    @Test
    void global_wheat_sample_and_perfect() {
        String answers = "image_id,PredictionString\nw1,1.0 0 0 10 10 1.0 20 20 10 10\nw2,1.0 5 5 3 3\n";
        Metric m = new WheatThresholdPrecision();
        assertThat(full(grade("global-wheat-detection", m, answers, "image_id,PredictionString\nw1,\nw2,\n")))
                .isEqualTo(0.0);
        assertThat(grade("global-wheat-detection", m, answers, answers).scores())
                .isEqualTo(new GradeReport.Scores(1.0, 1.0, 1.0));
    }

    @Test
    void hubmap_sample_and_perfect() {
        String answers = "id,predicted\nk1,1 100 500 20\nk2,7 3\n";
        Metric m = new MeanDiceRle();
        assertThat(full(grade("hubmap-kidney-segmentation", m, answers, "id,predicted\nk2,\nk1,\n"))).isEqualTo(0.0);
        assertThat(full(grade("hubmap-kidney-segmentation", m, answers, answers))).isEqualTo(1.0);
    }

    @Test
    void kuzushiji_sample_and_perfect() {
        String answers = "image_id,labels\np1,U+3042 10 10 20 20 U+3044 50 50 10 10\np2,U+003F 0 0 5 5\n";
        Metric m = new KuzushijiPointF1();
        // sample 'U+003F 1 1 U+FF2F 2 2' on both pages: p2's U+003F box holds (1,1): TP 1, FP 3, FN 2
        double p = 0.25;
        double r = 1.0 / 3;
        assertThat(full(grade("kuzushiji-recognition", m, answers,
                "image_id,labels\np1,U+003F 1 1 U+FF2F 2 2\np2,U+003F 1 1 U+FF2F 2 2\n")))
                .isEqualTo(2 * p * r / (p + r));
        assertThat(full(grade("kuzushiji-recognition", m, answers,
                "image_id,labels\np1,U+3042 10 10 U+3044 50 50\np2,U+003F 0 0\n"))).isEqualTo(1.0);
    }

    @Test
    void tgs_sample_and_perfect() {
        String answers = "id,rle_mask\nt1,1 4\nt2,\n";
        Metric m = new MeanIouThresholdPrecision();
        // sample '1 1': IoU 1/4 on t1, 0 on the empty t2
        assertThat(full(grade("tgs-salt-identification-challenge", m, answers, "id,rle_mask\nt1,1 1\nt2,1 1\n")))
                .isEqualTo(0.0);
        assertThat(full(grade("tgs-salt-identification-challenge", m, answers, answers))).isEqualTo(1.0);
    }

    @Test
    void uw_madison_sample_and_perfect() {
        String answers = "id,class,predicted,image_width,image_height\n"
                + "c1_s1,large_bowel,1 2,266,266\nc1_s1,small_bowel,,266,266\nc1_s1,stomach,100 5,266,266\n"
                + "c1_s2,large_bowel,,266,266\nc1_s2,small_bowel,,266,266\nc1_s2,stomach,,266,266\n";
        Metric m = new DiceHausdorffCombo();
        String sample = "id,class,predicted\nc1_s1,large_bowel,1 1 5 2\nc1_s1,small_bowel,1 1 5 2\n"
                + "c1_s1,stomach,1 1 5 2\nc1_s2,large_bowel,1 1 5 2\nc1_s2,small_bowel,1 1 5 2\n"
                + "c1_s2,stomach,1 1 5 2\n";
        GradeReport s = grade("uw-madison-gi-tract-image-segmentation", m, answers, sample);
        // large_bowel {0,1} vs {0,4,5}: Dice 2/5; HD: pixel 5 (row 5) is 4 rows from row 1 -> (4/512)/sqrt 2;
        // stomach rows 99..103 vs rows 0, 4, 5: Dice 0; HD 99/512/sqrt 2 (row 0 to row 99); the other four rows HD 1
        double hdLarge = (4.0 / 512) / Math.sqrt(2);
        double hdStomach = (99.0 / 512) / Math.sqrt(2);
        double expected = 0.4 * (0.4 / 6) + 0.6 * (1 - (hdLarge + hdStomach + 4) / 6);
        assertThat(full(s)).isCloseTo(expected, within(1e-12));
        // perfect: Dice 1 on the two non-empty rows, 0 on the four empty ones; HD 0 everywhere
        String perfectSubmission = answers.replaceAll(",266,266\n", "\n").replace(",image_width,image_height\n", "\n");
        GradeReport perfect = grade("uw-madison-gi-tract-image-segmentation", m, answers, perfectSubmission);
        assertThat(full(perfect)).isCloseTo(0.4 * (2.0 / 6) + 0.6, within(1e-15));
        assertThat(perfect.scores().feedback()).isCloseTo(0.4 * (2.0 / 3) + 0.6, within(1e-15));
        assertThat(perfect.scores().finalScore()).isEqualTo(0.6);
        assertThat(perfect.rows()).isEqualTo(new GradeReport.Rows(3, 3, 6));
    }

    @Test
    void vesuvius_sample_and_perfect() {
        String answers = "Id,Predicted\na,1 4 10 6\n";
        Metric m = new MeanFbetaRle();
        // sample '1 1 5 1': TP 1 (pixel 1), FP 1, FN 9 -> P 0.5, R 0.1
        double expected = 1.25 * 0.5 * 0.1 / (0.25 * 0.5 + 0.1);
        assertThat(full(grade("vesuvius-challenge-ink-detection", m, answers, "Id,Predicted\na,1 1 5 1\n")))
                .isEqualTo(expected);
        assertThat(full(grade("vesuvius-challenge-ink-detection", m, answers, answers))).isEqualTo(1.0);
    }

    @Test
    void siim_sample_and_perfect() {
        String answers = "id,PredictionString\ns1_study,typical 1 0 0 1 1\ns2_study,negative 1 0 0 1 1\n"
                + "i1_image,opacity 1 10 10 50 60 opacity 1 100 100 150 180\ni2_image,none 1 0 0 1 1\n";
        Metric m = new DetectionMapVoc();
        String sample = "id,PredictionString\ns1_study,negative 1 0 0 1 1\ns2_study,negative 1 0 0 1 1\n"
                + "i1_image,none 1 0 0 1 1\ni2_image,none 1 0 0 1 1\n";
        // negative: a miss in s1 then a hit in s2 (ties keep id order) -> 1/(2+eps); none: miss in i1, hit in i2
        // -> 1/(2+eps); typical and opacity 0
        double half = 1 / (2 + EPS);
        assertThat(full(grade("siim-covid19-detection", m, answers, sample))).isEqualTo((half + 0 + 0 + half) / 4);
        double perfect = (1 / (1 + EPS) + 1 / (1 + EPS) + 2 / (2 + EPS) + 1 / (1 + EPS)) / 4;
        assertThat(full(grade("siim-covid19-detection", m, answers, answers))).isCloseTo(perfect, within(1e-15));
    }

    @Test
    void vinbig_sample_and_perfect() {
        String answers = "image_id,PredictionString\nv1,14 1 0 0 1 1\nv2,3 1.0 10 10 50 50 11 1.0 5 5 20 20\n";
        Metric m = new DetectionMapVoc();
        String sample = "image_id,PredictionString\nv1,14 1 0 0 1 1\nv2,14 1 0 0 1 1\n";
        // class 14: hit then a miss -> 1/(1+eps); classes 3 and 11 unpredicted -> 0
        assertThat(full(grade("vinbigdata-chest-xray-abnormalities-detection", m, answers, sample)))
                .isEqualTo(1 / (1 + EPS) / 3);
        assertThat(full(grade("vinbigdata-chest-xray-abnormalities-detection", m, answers, answers)))
                .isCloseTo(1 / (1 + EPS), within(1e-15));
    }

    @Test
    void every_geometry_task_names_an_implemented_metric() {
        Map<String, Metric> metrics = new HashMap<>();
        for (Metric m : List.of(new AirbusF2Iou(), new WheatThresholdPrecision(), new MeanDiceRle(),
                new KuzushijiPointF1(), new MeanIouThresholdPrecision(), new DiceHausdorffCombo(), new MeanFbetaRle(),
                new DetectionMapVoc())) {
            metrics.put(m.id(), m);
        }
        for (String id : List.of("airbus-ship-detection", "global-wheat-detection", "hubmap-kidney-segmentation",
                "kuzushiji-recognition", "tgs-salt-identification-challenge", "uw-madison-gi-tract-image-segmentation",
                "vesuvius-challenge-ink-detection", "siim-covid19-detection",
                "vinbigdata-chest-xray-abnormalities-detection")) {
            TaskDefinition t = task(id);
            assertThat(metrics).containsKey(t.metricId());
            assertThat(metrics.get(t.metricId()).higherIsBetter()).isEqualTo(t.higherIsBetter());
        }
    }
}
