package dev.mledojo.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mledojo.task.TaskCatalogueSync;
import dev.mledojo.testing.PageSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The admin pages: who may see them, what they show, their forms (with the CSRF token), messages and mistakes. */
@QuarkusTest
class AdminPagesTest {

    @Inject
    TaskCatalogueSync sync;

    @TempDir
    Path tmp;

    private static String flash(Response r) {
        String value = r.getCookie("dojo-flash");
        assertThat(value).as("flash cookie").isNotBlank();
        return value;
    }

    /** Follows a form's 303 like a browser: the next page shows the message once. */
    private static String follow(PageSession s, Response redirect) {
        redirect.then().statusCode(303);
        return s.request().cookie("dojo-flash", flash(redirect)).get(redirect.getHeader("Location")).then().statusCode(200)
                .extract().asString();
    }

    @Test
    void only_admins_see_the_admin_pages() {
        for (String page : new String[] {"/admin", "/admin/users", "/admin/audit", "/admin/tasks/titanic/preparation"}) {
            given().redirects().follow(false).accept(ContentType.HTML).get(page).then()
                    .statusCode(anyOf(equalTo(302), equalTo(303))).header("Location", containsString("/login"));
            given().auth().preemptive().basic("demo", "demo").accept(ContentType.HTML).get(page).then().statusCode(403)
                    .contentType(ContentType.HTML).body(containsString("may not use"));
        }
        PageSession demo = PageSession.signIn("demo", "/me/tokens");
        given().accept(ContentType.HTML).cookie("quarkus-credential", demo.credential).get("/tasks").then()
                .body(not(containsString("href=\"/admin\""))).body(containsString("href=\"/me/tokens\""));
        PageSession admin = PageSession.signIn("admin", "/admin");
        admin.request().get("/tasks").then().body(containsString("href=\"/admin\""));
        admin.request().get("/admin").then().statusCode(200)
                .body(containsString("practice-tabular-binary"))
                .body(containsString("action=\"/admin/tasks/titanic/import/kaggle\""))
                .body(containsString("action=\"/admin/tasks/titanic/data\""))
                .body(containsString("href=\"/admin/tasks/titanic/preparation\""))
                .body(containsString("Add or edit a task"))
                .body(containsString("Replace a board"));
        admin.request().queryParam("q", "spaceship").get("/admin").then().statusCode(200)
                .body(containsString("spaceship-titanic")).body(not(containsString("practice-tabular-binary")));
    }

    @Test
    void a_form_without_the_csrf_token_is_refused_with_a_friendly_page_and_changes_nothing() {
        PageSession admin = PageSession.signIn("admin", "/admin");
        String before = given().get("/api/v1/tasks/practice-timeseries-forecasting").then().extract().jsonPath().getString("status");
        admin.request().contentType(ContentType.URLENC).formParam("unrelated", "x")
                .post("/admin/tasks/practice-timeseries-forecasting/retire").then().statusCode(403).contentType(ContentType.HTML)
                .body(containsString("Form refused")).body(containsString("reload the page"));
        admin.request().contentType(ContentType.URLENC).formParam("csrf-token", "BBBBBBBBBBBBBBBBBBBBBB")
                .post("/admin/tasks/practice-timeseries-forecasting/retire").then().statusCode(403);
        admin.requestWithoutCsrfCookie().contentType(ContentType.URLENC).formParam("csrf-token", admin.token)
                .post("/admin/tasks/practice-timeseries-forecasting/retire").then().statusCode(403);
        admin.request().multiPart("file", "raw.zip", new byte[] {1}, "application/zip")
                .post("/admin/tasks/practice-timeseries-forecasting/data").then().statusCode(403).contentType(ContentType.HTML);
        given().get("/api/v1/tasks/practice-timeseries-forecasting").then().body("status", equalTo(before));
    }

    @Test
    void an_imported_task_is_followed_live_activated_and_retired_from_the_pages() throws IOException {
        String id = "page-probe";
        ProbeTasks.define(sync, tmp, id);
        PageSession admin = PageSession.signIn("admin", "/admin");

        // activating before any data: a friendly page with the reason, nothing changed
        admin.request().contentType(ContentType.URLENC).formParam("csrf-token", admin.token)
                .post("/admin/tasks/" + id + "/activate").then().statusCode(409).contentType(ContentType.HTML)
                .body(containsString("has no prepared data")).body(containsString("Nothing was changed"));
        admin.request().get("/admin/tasks/" + id + "/preparation").then().statusCode(200)
                .body(containsString("No data import was started"));
        admin.request().accept("text/event-stream").get("/admin/tasks/" + id + "/preparation/events").then().statusCode(404);

        // a bad archive: refused with the reason, on the page
        admin.request().multiPart("csrf-token", admin.token).multiPart("file", "evil.zip",
                ProbeTasks.zip(new String[][] {{"../../evil.txt", "pwned"}}), "application/zip")
                .post("/admin/tasks/" + id + "/data").then().statusCode(400).contentType(ContentType.HTML)
                .body(containsString("evil.txt"));
        // no file chosen
        admin.request().multiPart("csrf-token", admin.token).multiPart("file", "", new byte[0], "application/octet-stream")
                .post("/admin/tasks/" + id + "/data").then().statusCode(400).body(containsString("Choose the raw data"));

        Response upload = admin.request().multiPart("csrf-token", admin.token)
                .multiPart("file", "raw.zip", ProbeTasks.rawArchive(400), "application/zip")
                .post("/admin/tasks/" + id + "/data");
        assertThat(upload.getHeader("Location")).endsWith("/admin/tasks/" + id + "/preparation");
        assertThat(follow(admin, upload)).contains("raw.zip was accepted").contains("data-events=\"/admin/tasks/" + id
                + "/preparation/events\"").contains("<progress");
        await().atMost(Duration.ofSeconds(60)).until(() -> !given().auth().preemptive().basic("admin", "admin")
                .get("/api/v1/admin/tasks/" + id + "/preparation").then().extract().jsonPath().getString("state")
                .equals("running"));
        // the live view: server-sent events, the last one with the review, then the stream ends
        String events = admin.request().accept("text/event-stream").get("/admin/tasks/" + id + "/preparation/events")
                .then().statusCode(200).contentType(containsString("text/event-stream")).extract().asString();
        assertThat(events).startsWith("data:").contains("\"state\":\"reviewed\"").contains("answers-score-perfectly");
        admin.request().get("/admin/tasks/" + id + "/preparation").then().statusCode(200)
                .body(containsString("reviewed")).body(containsString("split-disjoint-and-complete"));
        admin.request().queryParam("q", id).get("/admin").then().body(containsString("passed"))
                .body(containsString("action=\"/admin/tasks/" + id + "/activate\""));

        String page = follow(admin, admin.request().contentType(ContentType.URLENC).formParam("csrf-token", admin.token)
                .post("/admin/tasks/" + id + "/activate"));
        assertThat(page).contains("class=\"flash\"").contains("Task " + id + " v1 is active");
        given().get("/api/v1/tasks/" + id).then().body("status", equalTo("ready"));
        // the message is shown once
        admin.request().get("/admin").then().body(not(containsString("class=\"flash\"")));

        page = follow(admin, admin.request().contentType(ContentType.URLENC).formParam("csrf-token", admin.token)
                .post("/admin/tasks/" + id + "/retire"));
        assertThat(page).contains("is retired");
        given().get("/api/v1/tasks/" + id).then().body("status", equalTo("retired"));

        admin.request().queryParam("target", "task:" + id + "@v1").get("/admin/audit").then().statusCode(200)
                .body(containsString("task.retire")).body(containsString("task.activate"))
                .body(containsString("task.data.import")).body(containsString("href=\"/api/v1/admin/audit.csv\""));
    }

    @Test
    void a_task_folder_and_a_board_are_uploaded_with_the_forms() throws IOException {
        String id = "page-uploaded";
        PageSession admin = PageSession.signIn("admin", "/admin");
        Response saved = admin.request().multiPart("csrf-token", admin.token)
                .multiPart("file", "task.zip", ProbeTasks.taskFolder(id), "application/zip").post("/admin/tasks");
        assertThat(follow(admin, saved)).contains("Task " + id + " saved as a new draft version");
        given().get("/api/v1/tasks/" + id).then().statusCode(200).body("version", equalTo(1));

        Response board = admin.request().multiPart("csrf-token", admin.token).multiPart("task", id)
                .multiPart("board", "private").multiPart("file", "private.csv", "rank,score\n1,0.3\n2,0.6\n".getBytes(),
                        "text/csv")
                .post("/admin/boards");
        assertThat(follow(admin, board)).contains("The private board of task " + id + " was replaced: a new draft version");
        given().get("/api/v1/tasks/" + id).then().body("version", equalTo(2)).body("privateBoard.entries", equalTo(2));

        // mistakes: a broken board, an unknown board, an unknown task: friendly pages, the task unchanged
        admin.request().multiPart("csrf-token", admin.token).multiPart("task", id).multiPart("board", "private")
                .multiPart("file", "bad.csv", "rank,score\n1,abc\n".getBytes(), "text/csv").post("/admin/boards").then()
                .statusCode(400).contentType(ContentType.HTML).body(containsString("leaderboard/private.csv"));
        admin.request().multiPart("csrf-token", admin.token).multiPart("task", id).multiPart("board", "secret")
                .multiPart("file", "b.csv", "rank,score\n1,1\n".getBytes(), "text/csv").post("/admin/boards").then()
                .statusCode(400).body(containsString("&#39;public&#39; or &#39;private&#39;"));
        admin.request().multiPart("csrf-token", admin.token).multiPart("file", "task.zip", "not a zip".getBytes(),
                "application/zip").post("/admin/tasks").then().statusCode(400).contentType(ContentType.HTML)
                .body(containsString("Nothing was changed"));
        given().get("/api/v1/tasks/" + id).then().body("version", equalTo(2));
    }

    @Test
    void quotas_are_changed_with_the_users_form_and_mistakes_keep_what_was_typed() {
        given().auth().preemptive().basic("carol", "carol").get("/api/v1/me").then().statusCode(200);
        PageSession admin = PageSession.signIn("admin", "/admin/users");
        admin.request().get("/admin/users").then().statusCode(200).body(containsString("id=\"user-carol\""))
                .body(containsString("action=\"/admin/users/carol/quota\"")).body(containsString("placeholder=\"500\""));

        admin.request().contentType(ContentType.URLENC).formParam("csrf-token", admin.token)
                .formParam("grades_per_day", "abc").formParam("episodes_per_day", "7")
                .post("/admin/users/carol/quota").then().statusCode(400).contentType(ContentType.HTML)
                .body(containsString("&#39;abc&#39; is not a whole number")).body(containsString("value=\"abc\""))
                .body(containsString("value=\"7\""));
        admin.request().contentType(ContentType.URLENC).formParam("csrf-token", admin.token)
                .formParam("grades_per_day", "-1").post("/admin/users/carol/quota").then().statusCode(400)
                .body(containsString("Quotas are 0 or more"));

        String page = follow(admin, admin.request().contentType(ContentType.URLENC).formParam("csrf-token", admin.token)
                .formParam("grades_per_day", "42").formParam("episodes_per_day", "").post("/admin/users/carol/quota"));
        assertThat(page).contains("Quotas of carol saved").contains("value=\"42\"");
        given().auth().preemptive().basic("carol", "carol").get("/api/v1/me").then().body("quota.gradesPerDay", equalTo(42));
        admin.request().queryParam("action", "user.quota").get("/admin/audit").then().body(containsString("user:carol"));

        // back to the defaults
        follow(admin, admin.request().contentType(ContentType.URLENC).formParam("csrf-token", admin.token)
                .post("/admin/users/carol/quota"));
        given().auth().preemptive().basic("carol", "carol").get("/api/v1/me").then().body("quota.gradesPerDay", equalTo(500));
    }
}
