package dev.mledojo.episode;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * NUL and other control characters (hostile audit, finding 6): refused with 400 in paths, queries and step params
 * before anything runs; a program's output with NUL is stored with U+FFFD, so every step that ran is recorded and
 * counted against the budget.
 */
@QuarkusTest
class InputHygieneTest {

    static final String TASK = "practice-tabular-binary";

    final Gym demo = new Gym("demo", "demo");

    @Test
    void controlCharactersInPathsAndQueriesAreA400NotA500() {
        given().urlEncodingEnabled(false).get("/api/v1/tasks/a%00b").then().statusCode(400)
                .contentType("application/problem+json").body("type", endsWith("/invalid-characters"))
                .body("detail", containsString("U+0000"));
        given().urlEncodingEnabled(false).get("/api/v1/tasks?tag=x%0Ay").then().statusCode(400)
                .body("type", endsWith("/invalid-characters")).body("detail", containsString("U+000A"));
        // (a broken percent-encoding cannot be sent with this client: InputHygieneUnitTest covers it)
        given().urlEncodingEnabled(false).accept(ContentType.HTML).get("/tasks/a%00b").then().statusCode(400)
                .contentType(ContentType.HTML).body(containsString("control character"));
        given().urlEncodingEnabled(false).auth().preemptive().basic("demo", "demo")
                .get("/api/v1/agents/x%0D%0Aforged").then().statusCode(400).body("type", endsWith("/invalid-characters"));
        // ordinary encodings still pass
        given().urlEncodingEnabled(false).get("/api/v1/tasks?tag=caf%C3%A9&text=two%20words").then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void aStepWithNulInItsParamsIsRefusedBeforeItRuns() {
        String id = demo.create(TASK, 3);
        demo.stepRaw(id, Map.of("action", "execute_code", "params", Map.of("code", "print(1)\u0000")))
                .statusCode(400).body("type", endsWith("/invalid-characters")).body("detail", containsString("params.code"));
        demo.stepRaw(id, Map.of("action", "execute_code", "params", Map.of("co\u0000de", "print(1)")))
                .statusCode(400).body("type", endsWith("/invalid-characters"));
        demo.get("/api/v1/episodes/" + id).statusCode(200).body("stepCount", org.hamcrest.Matchers.equalTo(0));
        demo.get("/api/v1/episodes/" + id + "/history").statusCode(200).body("steps.size()", org.hamcrest.Matchers.equalTo(0));
        demo.close(id);
    }

    @Test
    void outputWithNulIsRecordedAndEveryRunCounts() {
        String id = demo.create(TASK, 2);
        String code = "import sys\nsys.stdout.write('a\\x00b\\n')\nsys.stderr.write('c\\x00d\\n')\n";
        JsonPath first = demo.step(id, "execute_code", Map.of("code", code));
        assertThat(first.getString("observation.result.stdout")).contains("a\uFFFDb").doesNotContain("\u0000");
        JsonPath second = demo.step(id, "execute_code", Map.of("code", code));
        assertThat(second.getBoolean("done")).isTrue(); // the budget of 2 steps is used up: nothing ran unrecorded
        demo.get("/api/v1/episodes/" + id + "/history").statusCode(200)
                .body("steps.size()", org.hamcrest.Matchers.equalTo(2))
                .body("steps[0].result.stdout", containsString("a\uFFFDb"))
                .body("steps[1].result.stdout", containsString("a\uFFFDb"))
                .body("steps[1].result.stderr", containsString("c\uFFFDd"));
        demo.stepRaw(id, Map.of("action", "execute_code", "params", Map.of("code", code))).statusCode(409);
        demo.get("/api/v1/episodes/" + id).statusCode(200).body("stepCount", org.hamcrest.Matchers.equalTo(2));
    }

    @Test
    void pagesAndTheApiCarryTheSecurityHeaders() {
        for (String path : List.of("/", "/leaderboard", "/api/v1/tasks")) {
            given().get(path).then().statusCode(200)
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", containsString("object-src 'none'"))
                    .header("X-Content-Type-Options", org.hamcrest.Matchers.equalTo("nosniff"))
                    .header("X-Frame-Options", org.hamcrest.Matchers.equalTo("DENY"));
        }
    }
}
