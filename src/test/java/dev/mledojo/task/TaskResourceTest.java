package dev.mledojo.task;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class TaskResourceTest {

    static final List<String> PRACTICE = List.of("practice-tabular-binary", "practice-tabular-regression",
            "practice-text-classification", "practice-timeseries-forecasting");

    @Test
    void lists_the_whole_catalogue_over_cursor_pages() {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Response r = given().queryParam("limit", 50).queryParam("cursor", cursor).get("/api/v1/tasks");
            r.then().statusCode(200).body("total", greaterThanOrEqualTo(206));
            ids.addAll(r.jsonPath().getList("items.id"));
            cursor = r.jsonPath().getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(ids).hasSizeGreaterThanOrEqualTo(206).contains("spaceship-titanic", "AI4Code").containsAll(PRACTICE);
    }

    @Test
    void catalogue_tasks_show_data_not_prepared_and_practice_tasks_are_ready() {
        given().get("/api/v1/tasks/spaceship-titanic").then().statusCode(200)
                .body("status", equalTo("draft")).body("statusLabel", equalTo("data not prepared"))
                .body("dataSource", equalTo("kaggle")).body("boardKind", equalTo("human"))
                .body("metric", equalTo("accuracy")).body("privateBoard.entries", equalTo(1967));
        for (String id : PRACTICE) {
            given().get("/api/v1/tasks/" + id).then().statusCode(200)
                    .body("status", equalTo("ready"))
                    .body("boardLabel", equalTo("reference board (generated)"))
                    .body("files.name", hasItem("sample_submission.csv"))
                    .body("files.name", everyItem(org.hamcrest.Matchers.not(containsString("answers"))));
        }
    }

    @Test
    void filters_by_domain_tag_status_and_text() {
        given().queryParam("tag", "mle-lite").queryParam("limit", 200).get("/api/v1/tasks").then().statusCode(200)
                .body("total", greaterThanOrEqualTo(21)).body("items.tags", everyItem(hasItem("mle-lite")));
        given().queryParam("domain", "cv").queryParam("limit", 200).get("/api/v1/tasks").then()
                .body("items.domain", everyItem(equalTo("cv"))).body("total", greaterThanOrEqualTo(45));
        given().queryParam("status", "ready").get("/api/v1/tasks").then()
                .body("items.status", everyItem(equalTo("ready"))).body("total", greaterThanOrEqualTo(4));
        given().queryParam("q", "titanic").get("/api/v1/tasks").then()
                .body("items.id", hasItem("spaceship-titanic"));
    }

    @Test
    void bad_query_parameters_are_problem_json() {
        given().queryParam("status", "shiny").get("/api/v1/tasks").then().statusCode(400)
                .contentType("application/problem+json").body("type", containsString("invalid-status"));
        given().queryParam("limit", 0).get("/api/v1/tasks").then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("cursor", "%%%not-a-cursor").get("/api/v1/tasks").then().statusCode(400)
                .body("type", containsString("invalid-cursor"));
        given().get("/api/v1/tasks/no-such-task").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no-such-task"));
    }

    @Test
    void serves_public_files_and_never_private_ones() {
        given().get("/api/v1/tasks/practice-tabular-binary/data/sample_submission.csv").then().statusCode(200)
                .body(org.hamcrest.Matchers.startsWith("id,churned"));
        for (String path : List.of("../private/answers.csv", "private/answers.csv", "..%2Fprivate%2Fanswers.csv",
                "%2E%2E/private/split.csv", "/etc/passwd", "answers.csv")) {
            given().urlEncodingEnabled(false).get("/api/v1/tasks/practice-tabular-binary/data/" + path).then()
                    .statusCode(org.hamcrest.Matchers.anyOf(equalTo(404), equalTo(400)))
                    .body(org.hamcrest.Matchers.not(containsString("churned")));
        }
    }

    @Test
    void openapi_documents_the_task_endpoints() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/tasks/{id}/grade"));
    }

    @Test
    void invalid_tasks_are_reported_with_their_problem() {
        given().queryParam("status", "invalid").get("/api/v1/tasks").then().statusCode(200)
                .body("items.problem", everyItem(notNullValue()));
        given().get("/api/v1/tasks/practice-tabular-binary").then().body("problem", nullValue());
    }

    @Test
    void task_detail_lists_catalogue_facts() {
        given().get("/api/v1/tasks/AI4Code").then().statusCode(200)
                .body("metric", equalTo("kendall_tau_swaps")).body("tags", hasItem("eval-nlp")).body("domain", equalTo("nlp"))
                .body("targetColumns", hasSize(greaterThanOrEqualTo(1)));
        given().get("/api/v1/tasks/smartphone-decimeter-2022").then().statusCode(200)
                .body("idColumn", equalTo("tripId, UnixTimeMillis"))
                .body("submissionColumns", org.hamcrest.Matchers.contains("tripId", "UnixTimeMillis", "LatitudeDegrees",
                        "LongitudeDegrees"));
        given().get("/api/v1/tasks/leaf-classification").then().statusCode(200)
                .body("targetsAfterId", equalTo(true)).body("targetColumns", hasSize(0))
                .body("submissionColumns", org.hamcrest.Matchers.contains("id"));
    }
}
