package dev.mledojo.episode;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A step's params are bounded (hostile audit, finding 7: 8 MiB pads were stored verbatim, refused code was stored
 * whole) and budgets are validated (finding 8: a negative wall_time_s was accepted).
 */
@QuarkusTest
class StepParamsTest {

    static final String TASK = "practice-tabular-binary";

    final Gym demo = new Gym("demo", "demo");

    @Test
    void a_param_over_64_kib_is_refused_with_400_naming_it_and_nothing_is_stored() {
        String id = demo.create(TASK, 5);
        demo.stepRaw(id, Map.of("action", "request_info", "params", Map.of("info_type", "x".repeat(70_000))))
                .statusCode(400).contentType("application/problem+json").body("type", endsWith("/param-too-large"))
                .body("field", equalTo("params.info_type"))
                .body("detail", containsString("params.info_type is a string of 70,000 characters"))
                .body("detail", containsString("at most 65,536 characters"));
        // many small strings add up: refused as a whole
        demo.stepRaw(id, Map.of("action", "execute_code", "params", Map.of("code", "print(1)", "notes",
                java.util.Collections.nCopies(20, "y".repeat(5000))))).statusCode(400)
                .body("type", endsWith("/param-too-large")).body("field", equalTo("params.notes"));
        // an action name longer than a step can record (it answered 500 and left the step claimed)
        demo.stepRaw(id, Map.of("action", "x".repeat(101), "params", Map.of())).statusCode(400)
                .contentType("application/problem+json").body("type", endsWith("/action-too-long"))
                .body("field", equalTo("action")).body("detail", containsString("a name of 101 characters"));
        demo.stepRaw(id, Map.of("action", "request_info", "params", Map.of("info_type", "overview"))).statusCode(200);
        demo.get("/api/v1/episodes/" + id).statusCode(200).body("stepCount", equalTo(1));
        demo.get("/api/v1/episodes/" + id + "/history").statusCode(200).body("steps.size()", equalTo(1));
        demo.close(id).statusCode(200);
    }

    @Test
    void an_unknown_param_is_an_invalid_params_error_and_its_value_is_not_stored() {
        String id = demo.create(TASK, 5);
        JsonPath step = demo.step(id, "execute_code", Map.of("code", "print(1)", "pad", "z".repeat(60_000)));
        assertThat(step.getString("observation.error.kind")).isEqualTo("invalid_params");
        assertThat(step.getString("observation.error.message")).isEqualTo("'pad' is not a param of execute_code");
        assertThat(step.getString("observation.error.details")).isEqualTo("execute_code takes: code");
        assertThat(step.getString("observation.result.stdout")).as("the code did not run").isNull();
        JsonPath none = demo.step(id, "get_history", Map.of("limit", 3));
        assertThat(none.getString("observation.error.message")).isEqualTo("'limit' is not a param of get_history");
        assertThat(none.getString("observation.error.details")).isEqualTo("get_history takes no params");
        demo.get("/api/v1/episodes/" + id + "/history").statusCode(200).body("steps.size()", equalTo(2))
                .body("steps[0].params.code", equalTo("print(1)"))
                .body("steps[0].params.pad", equalTo("[not stored: not a param of execute_code]"));
        demo.close(id).statusCode(200);
    }

    @Test
    void refused_code_is_not_stored_whole() {
        String id = demo.create(TASK, 5);
        String code = "#" + "x".repeat(1_000_000);
        JsonPath step = demo.step(id, "execute_code", Map.of("code", code));
        assertThat(step.getString("observation.error.kind")).isEqualTo("code_too_large");
        String stored = demo.get("/api/v1/episodes/" + id + "/history").statusCode(200).extract().jsonPath()
                .getString("steps[0].params.code");
        assertThat(stored).startsWith(code.substring(0, 2000))
                .endsWith("[... 998,001 more characters not stored: the code was refused as too large]")
                .hasSizeLessThan(2100);
        demo.close(id).statusCode(200);
    }

    @Test
    void every_budget_field_must_be_positive_and_the_error_names_it() {
        for (Map<String, Object> budget : List.<Map<String, Object>>of(Map.of("max_steps", 0), Map.of("max_steps", -3),
                Map.of("wall_time_s", 0), Map.of("wall_time_s", -5))) {
            String field = "budget." + budget.keySet().iterator().next();
            demo.createRaw(Map.of("task", TASK, "budget", budget)).statusCode(400)
                    .contentType("application/problem+json").body("type", endsWith("/invalid-budget"))
                    .body("field", equalTo(field)).body("detail", containsString(field));
        }
        int agent = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", "budget-probe", "kind", "scripted", "config", Map.of("script", List.of())))
                .post("/api/v1/agents").then().extract().statusCode();
        assertThat(agent).isIn(201, 409);
        for (Map<String, Object> budget : List.<Map<String, Object>>of(Map.of("max_steps", 0), Map.of("max_steps", -1),
                Map.of("wall_time_s", 0), Map.of("wall_time_s", -5), Map.of("max_tokens", 0), Map.of("max_tokens", -10),
                Map.of("max_cost", 0), Map.of("max_cost", -0.5))) {
            String field = "budget." + budget.keySet().iterator().next();
            Map<String, Object> body = new HashMap<>();
            body.put("agent", "budget-probe");
            body.put("suite", Map.of("tasks", List.of(TASK)));
            body.put("budget", budget);
            given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON).body(body)
                    .post("/api/v1/submissions").then().statusCode(400).contentType("application/problem+json")
                    .body("type", endsWith("/invalid-budget")).body("field", equalTo(field));
        }
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("agent", "budget-probe", "suite", Map.of("tasks", List.of(TASK)), "seeds", 0))
                .post("/api/v1/submissions").then().statusCode(400).body("field", equalTo("seeds"));
    }
}
