package dev.mledojo.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * A JSON body the API cannot read, and credentials it does not accept, get problem JSON that says what is wrong, in
 * every launch mode (Quarkus' own answers were a bare 400 outside dev and test mode, and the bare 401 of the mechanism
 * that tried the credentials). Each call comes from its own client address, so no sign-in throttle of another test
 * counts these failures.
 */
@QuarkusTest
class ApiInputProblemsTest {

    private static final String PROBLEMS = Problem.TYPE_BASE;

    private static ValidatableResponse post(String path, String body) {
        return given().header("X-Forwarded-For", "198.51.100.90").auth().preemptive().basic("demo", "demo")
                .contentType(ContentType.JSON).body(body).post(path).then();
    }

    @Test
    void a_field_of_the_wrong_type_is_named_with_what_it_must_be() {
        post("/api/v1/agents", "{\"name\": \"probe\", \"kind\": [\"baseline\"]}")
                .statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(PROBLEMS + "invalid-body"))
                .body("title", equalTo("Invalid request body"))
                .body("detail", equalTo("The request body does not have the expected shape: 'kind' must be text, not "
                        + "an array."))
                .body("pointer", equalTo("/kind"))
                .body("instance", equalTo("/api/v1/agents"));
        post("/api/v1/episodes/00000000-0000-0000-0000-000000000000/step", "{\"action\": \"request_info\", \"params\": 7}")
                .statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(PROBLEMS + "invalid-body"))
                .body("detail", containsString("'params' must be an object, not an integer"))
                .body("pointer", equalTo("/params"));
    }

    @Test
    void a_value_that_is_no_number_is_quoted_back_with_its_path() {
        post("/api/v1/submissions", "{\"agent\": \"a\", \"suite\": {\"all\": true}, \"budget\": {\"max_steps\": \"many\"}}")
                .statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(PROBLEMS + "invalid-body"))
                .body("detail", containsString("'budget.max_steps' must be an integer, not \"many\""))
                .body("pointer", equalTo("/budget/max_steps"));
        post("/api/v1/submissions", "{\"agent\": \"a\", \"suite\": {\"tasks\": [\"t\", {}]}}")
                .statusCode(400)
                .body("detail", containsString("'suite.tasks[1]' must be text, not an object"))
                .body("pointer", equalTo("/suite/tasks/1"));
    }

    @Test
    void a_body_of_another_kind_than_an_object_is_refused_as_a_whole() {
        post("/api/v1/agents", "[1, 2]")
                .statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(PROBLEMS + "invalid-body"))
                .body("detail", equalTo("The request body does not have the expected shape: the body must be an object, "
                        + "not an array."))
                .body("pointer", equalTo(""));
    }

    @Test
    void a_body_that_is_not_json_gets_the_place_and_the_reason() {
        post("/api/v1/agents", "{\"name\": \"probe\",\n \"kind\" 'baseline'}")
                .statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(PROBLEMS + "invalid-json"))
                .body("title", equalTo("Invalid JSON"))
                .body("detail", containsString("The request body is not valid JSON at line 2, column"))
                .body("detail", containsString("was expecting a colon"))
                .body("detail", not(containsString("Source")));
    }

    @Test
    void a_body_nested_beyond_the_reader_limit_is_refused_with_the_limit() {
        String deep = "[".repeat(3000) + "]".repeat(3000);
        post("/api/v1/agents", "{\"name\": \"probe\", \"kind\": \"baseline\", \"config\": {\"a\": " + deep + "}}")
                .statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(PROBLEMS + "invalid-json"))
                .body("detail", containsString("beyond the JSON reader's limits: at most 1000 levels of nesting"));
    }

    /** GET /api/v1/me from its own client address with this Authorization header (none when null): the 401 problem. */
    private static ValidatableResponse unauthorized(String address, String authorization) {
        var request = given().header("X-Forwarded-For", address);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.get("/api/v1/me").then()
                .statusCode(401).contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", equalTo(ProblemMappers.CHALLENGE))
                .body("type", equalTo(PROBLEMS + "unauthorized"))
                .body("instance", equalTo("/api/v1/me"));
    }

    @Test
    void credentials_that_are_not_accepted_get_the_api_401_problem() {
        String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("no-such-user-probe:wrong".getBytes());
        unauthorized("198.51.100.91", wrong).body("detail", containsString("The credentials sent were not accepted"));
        unauthorized("198.51.100.92", "Bearer mld_not-a-token-of-ours").body("detail", containsString("not accepted"));
        // Basic credentials that are not Base64 of user:password
        unauthorized("198.51.100.94", "Basic !!!").body("detail", containsString("not valid HTTP Basic credentials"));
        unauthorized("198.51.100.94", "Basic YWRtaW4=").body("detail", containsString("not valid HTTP Basic credentials"));
        // without credentials the problem asks for them, it does not say they were refused
        unauthorized("198.51.100.93", null).body("detail", containsString("Send HTTP Basic credentials"))
                .body("detail", not(containsString("not accepted")));
    }

    @Test
    void text_no_task_or_token_can_have_is_refused_before_the_database_sees_it() {
        // NUL in a task id (PostgreSQL refuses U+0000) and an id longer than any task's: no task, no query
        post("/api/v1/episodes", "{\"task\": \"a\\u0000b\"}")
                .statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(PROBLEMS + "unknown-task"));
        given().header("X-Forwarded-For", "198.51.100.95").auth().preemptive().basic("admin", "admin")
                .multiPart("file", "s.csv", "id,target\n1,0.5\n".getBytes(), "text/csv")
                .post("/api/v1/tasks/" + "a".repeat(3000) + "/grade").then()
                .statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(PROBLEMS + "unknown-task"));
        post("/api/v1/me/tokens", "{\"name\": \"ci\\u0000\"}")
                .statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(PROBLEMS + "invalid-characters"))
                .body("detail", containsString("name contains a NUL character"));
    }

    @Test
    void a_form_with_a_broken_percent_encoding_gets_a_page_saying_so() {
        String csrf = "AAAAAAAAAAAAAAAAAAAAAA";
        given().header("X-Forwarded-For", "198.51.100.96").auth().preemptive().basic("demo", "demo")
                .cookie("csrf-token", csrf).header("X-CSRF-Token", csrf).accept(ContentType.HTML)
                .contentType(ContentType.URLENC).body("csrf-token=" + csrf + "&name=100%").post("/me/tokens").then()
                .statusCode(400).contentType(ContentType.HTML)
                .body(containsString("broken percent-encoding"));
    }

    @Test
    void a_multipart_form_without_its_boundary_gets_a_page_saying_so() {
        String csrf = "AAAAAAAAAAAAAAAAAAAAAA";
        given().header("X-Forwarded-For", "198.51.100.97").auth().preemptive().basic("admin", "admin")
                .cookie("csrf-token", csrf).header("X-CSRF-Token", csrf).accept(ContentType.HTML)
                .contentType("multipart/form-data; boundary=").body("--x\r\n\r\nbroken".getBytes())
                .post("/admin/tasks").then()
                .statusCode(400).contentType(ContentType.HTML)
                .body(containsString("is not the multipart body its Content-Type announces"));
    }

    @Test
    void an_accept_header_that_cannot_be_read_gets_problem_json() {
        given().header("X-Forwarded-For", "198.51.100.98").header("Accept", "text/").get("/").then()
                .statusCode(406).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(PROBLEMS + "http-406"))
                .body("status", equalTo(406))
                .body("instance", equalTo("/"));
    }

    @Test
    void credentials_refused_on_a_page_get_one_challenge_and_a_page_saying_so() {
        String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("no-such-page-probe:wrong".getBytes());
        for (String authorization : new String[] {wrong, "Bearer mld_not-a-token-of-ours", "Basic !!!"}) {
            var response = given().header("X-Forwarded-For", "198.51.100.99").header("Authorization", authorization)
                    .accept(ContentType.HTML).get("/tasks");
            response.then().statusCode(401).contentType(ContentType.HTML)
                    .header("WWW-Authenticate", equalTo(ProblemMappers.CHALLENGE))
                    .body(containsString("Sign-in required"));
            org.assertj.core.api.Assertions.assertThat(response.headers().getValues("WWW-Authenticate"))
                    .as(authorization).hasSize(1);
        }
        // a client that does not ask for HTML gets the problem
        given().header("X-Forwarded-For", "198.51.100.99").header("Authorization", wrong).get("/tasks").then()
                .statusCode(401).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("The credentials sent were not accepted"));
    }
}
