package dev.mledojo.grading;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class GradeResourceTest {

    static final List<String> PRACTICE = List.of("practice-tabular-binary", "practice-tabular-regression",
            "practice-text-classification", "practice-timeseries-forecasting");

    private static byte[] sample(String task) {
        return given().get("/api/v1/tasks/" + task + "/data/sample_submission.csv").then().statusCode(200)
                .extract().asByteArray();
    }

    @Test
    void grades_the_sample_submission_of_every_practice_task() {
        for (String task : PRACTICE) {
            JsonPath report = given().auth().preemptive().basic("admin", "admin")
                    .multiPart("file", "submission.csv", sample(task), "text/csv")
                    .post("/api/v1/tasks/" + task + "/grade")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(report.getString("task")).isEqualTo(task);
            assertThat(report.getString("taskVersion")).hasSize(64);
            assertThat(report.getDouble("standing.humanRank")).isBetween(0.0, 1.0);
            assertThat(report.getDouble("feedback.humanRank")).isBetween(0.0, 1.0);
            assertThat(report.getString("medal")).isEqualTo("NONE");
            assertThat(report.getInt("boards.privateEntries")).isGreaterThan(10);
            assertThat(report.getString("boards.label")).isEqualTo("reference board (generated)");
            assertThat(report.getInt("rows.total")).isEqualTo(report.getInt("rows.feedback") + report.getInt("rows.finalPart"));
            assertThat(report.getMap("thresholds")).containsKeys("gold", "silver", "bronze", "median");
        }
    }

    @Test
    void malformed_files_are_400_problem_json_naming_the_problem() {
        given().auth().preemptive().basic("admin", "admin")
                .multiPart("file", "submission.csv", "id,wrong\n1,2\n".getBytes(), "text/csv")
                .post("/api/v1/tasks/practice-tabular-binary/grade")
                .then().statusCode(400).contentType("application/problem+json")
                .body("kind", equalTo("missing_columns")).body("detail", containsString("churned"));
        given().auth().preemptive().basic("admin", "admin")
                .multiPart("file", "submission.csv", new byte[0], "text/csv")
                .post("/api/v1/tasks/practice-tabular-binary/grade")
                .then().statusCode(400).body("kind", equalTo("empty_file"));
        byte[] sample = sample("practice-tabular-binary");
        String dup = new String(sample) + new String(sample).lines().skip(1).findFirst().orElseThrow() + "\n";
        given().auth().preemptive().basic("admin", "admin")
                .multiPart("file", "submission.csv", dup.getBytes(), "text/csv")
                .post("/api/v1/tasks/practice-tabular-binary/grade")
                .then().statusCode(400).body("kind", equalTo("duplicate_ids"));
    }

    @Test
    void a_missing_file_field_is_a_typed_error() {
        given().auth().preemptive().basic("admin", "admin").multiPart("other", "x")
                .post("/api/v1/tasks/practice-tabular-binary/grade")
                .then().statusCode(400).body("kind", equalTo("missing_file"));
    }

    @Test
    void tasks_without_data_cannot_grade_yet() {
        given().auth().preemptive().basic("admin", "admin")
                .multiPart("file", "submission.csv", "PassengerId,Transported\n1,True\n".getBytes(), "text/csv")
                .post("/api/v1/tasks/spaceship-titanic/grade")
                .then().statusCode(409).body("type", containsString("task-not-ready"));
    }

    @Test
    void only_admins_may_grade() {
        given().multiPart("file", "submission.csv", sample("practice-tabular-binary"), "text/csv")
                .post("/api/v1/tasks/practice-tabular-binary/grade").then().statusCode(401);
        given().auth().preemptive().basic("demo", "demo")
                .multiPart("file", "submission.csv", sample("practice-tabular-binary"), "text/csv")
                .post("/api/v1/tasks/practice-tabular-binary/grade").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().preemptive().basic("admin", "wrong-password")
                .multiPart("file", "submission.csv", sample("practice-tabular-binary"), "text/csv")
                .post("/api/v1/tasks/practice-tabular-binary/grade").then().statusCode(401);
    }
}
