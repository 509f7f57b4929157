package dev.mledojo.task;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class TaskPageTest {

    @Test
    void catalogue_page_lists_tasks_with_readiness_and_filters() {
        given().accept(ContentType.HTML).get("/tasks").then().statusCode(200)
                .body(containsString("Task catalogue"))
                .body(containsString("data not prepared"))
                .body(containsString("name=\"domain\""));
        given().accept(ContentType.HTML).queryParam("tag", "practice").get("/tasks").then().statusCode(200)
                .body(containsString("practice-tabular-binary"))
                .body(not(containsString("spaceship-titanic")));
    }

    @Test
    void task_page_shows_description_metric_files_and_the_board_chart() {
        given().accept(ContentType.HTML).get("/tasks/practice-tabular-binary").then().statusCode(200)
                .body(containsString("reference board (generated)"))
                .body(containsString("<svg class=\"cdf\""))
                .body(containsString("roc_auc"))
                .body(containsString("/api/v1/tasks/practice-tabular-binary/data/sample_submission.csv"))
                .body(not(containsString("answers.csv")));
        given().accept(ContentType.HTML).get("/tasks/spaceship-titanic").then().statusCode(200)
                .body(containsString("human Kaggle leaderboard"))
                .body(containsString("1967 entries"))
                .body(containsString("Data not prepared yet"));
    }

    @Test
    void task_page_shows_the_submission_columns_the_grader_wants() {
        given().accept(ContentType.HTML).get("/tasks/stanford-covid-vaccine").then().statusCode(200)
                .body(containsString("with columns <code>id_seqpos</code>, <code>reactivity</code>, <code>deg_Mg_pH10</code>, "
                        + "<code>deg_pH10</code>, <code>deg_Mg_50C</code>, <code>deg_50C</code></dd>"));
        given().accept(ContentType.HTML).get("/tasks/quora-insincere-questions-classification").then().statusCode(200)
                .body(containsString("with columns <code>qid</code>, <code>prediction</code></dd>"));
        given().accept(ContentType.HTML).get("/tasks/dog-breed-identification").then().statusCode(200)
                .body(containsString("with columns <code>id</code> and every answer column after the id (as in "
                        + "<code>sample_submission.csv</code>)</dd>"));
    }

    @Test
    void mistakes_get_friendly_pages_not_500() {
        given().accept(ContentType.HTML).get("/tasks/no-such-task").then().statusCode(404)
                .contentType(ContentType.HTML).body(containsString("There is no task"));
        given().accept(ContentType.HTML).queryParam("status", "bogus").get("/tasks").then().statusCode(400)
                .contentType(ContentType.HTML).body(containsString("There is no status"));
        given().accept(ContentType.HTML).queryParam("cursor", "!!!").get("/tasks").then().statusCode(400)
                .contentType(ContentType.HTML);
    }

    @Test
    void sign_in_form_uses_the_built_in_accounts() {
        given().accept(ContentType.HTML).get("/login").then().statusCode(200).body(containsString("j_password"));
        String cookie = given().redirects().follow(false).formParam("j_username", "admin").formParam("j_password", "admin")
                .post("/j_security_check").then().statusCode(302).extract().cookie("quarkus-credential");
        given().accept(ContentType.HTML).cookie("quarkus-credential", cookie).get("/tasks").then().statusCode(200)
                .body(containsString("Signed in as <strong>admin</strong>"));
        given().redirects().follow(false).formParam("j_username", "admin").formParam("j_password", "nope")
                .post("/j_security_check").then().statusCode(302)
                .header("Location", containsString("/login?error=true"));
    }
}
