package dev.mledojo.web;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Who may not use what: anonymous callers and submitters are kept out of admin endpoints. */
@QuarkusTest
class AccessRulesTest {

    @Test
    void public_read_endpoints_are_open() {
        given().get("/api/v1/tasks").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void grading_is_closed_to_anonymous_and_submitters() {
        given().multiPart("file", "s.csv", "id\n".getBytes()).post("/api/v1/tasks/titanic/grade").then().statusCode(401);
        given().auth().preemptive().basic("demo", "demo").multiPart("file", "s.csv", "id\n".getBytes())
                .post("/api/v1/tasks/titanic/grade").then().statusCode(403);
    }

    @Test
    void unknown_api_paths_are_problem_json() {
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }
}
