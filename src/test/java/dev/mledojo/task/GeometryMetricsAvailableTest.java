package dev.mledojo.task;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The geometry metrics are beans: the nine catalogue tasks that use them can be graded. */
@QuarkusTest
class GeometryMetricsAvailableTest {

    static final Map<String, String> TASKS = Map.of("airbus-ship-detection", "airbus_f2_iou",
            "global-wheat-detection", "wheat_threshold_precision", "hubmap-kidney-segmentation", "mean_dice_rle",
            "kuzushiji-recognition", "kuzushiji_point_f1", "tgs-salt-identification-challenge",
            "mean_iou_threshold_precision", "uw-madison-gi-tract-image-segmentation", "dice_hausdorff_combo",
            "vesuvius-challenge-ink-detection", "mean_fbeta_rle", "siim-covid19-detection", "detection_map_voc",
            "vinbigdata-chest-xray-abnormalities-detection", "detection_map_voc");

    @Test
    void every_geometry_task_has_its_metric() {
        TASKS.forEach((task, metric) -> given().get("/api/v1/tasks/" + task).then().statusCode(200)
                .body("metric", equalTo(metric)).body("metricAvailable", equalTo(true)));
    }
}
