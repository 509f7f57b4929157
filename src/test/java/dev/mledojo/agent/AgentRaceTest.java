package dev.mledojo.agent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mledojo.testing.AtOnce;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Agents hold under parallel requests: one name sent many times at once makes one agent and tells the others it
 * exists (they got 500 from the unique key), and versions added at once are numbered one after the other.
 */
@QuarkusTest
class AgentRaceTest {

    private static final String USER = "agent-racer";

    private static Response create(String name) {
        return given().auth().preemptive().basic(USER, USER).contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", "baseline", "config", Map.of("baseline", "constant")))
                .post("/api/v1/agents");
    }

    @Test
    void one_name_sent_at_once_makes_one_agent_and_conflicts_for_the_rest() throws Exception {
        String name = "race-" + UUID.randomUUID().toString().substring(0, 8);
        List<Response> responses = AtOnce.send(12, () -> create(name));
        assertThat(AtOnce.count(responses, 201)).as("created").isEqualTo(1);
        assertThat(AtOnce.count(responses, 409)).as("told it exists").isEqualTo(11);
        responses.stream().filter(r -> r.statusCode() == 409).forEach(r -> {
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("type")).endsWith("/agent-exists");
        });
        given().auth().preemptive().basic(USER, USER).get("/api/v1/agents/" + name).then().statusCode(200)
                .body("versions.size()", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void versions_added_at_once_get_consecutive_numbers() throws Exception {
        String name = "race-" + UUID.randomUUID().toString().substring(0, 8);
        create(name).then().statusCode(201);
        List<Response> responses = AtOnce.send(8, () -> given().auth().preemptive().basic(USER, USER)
                .contentType(ContentType.JSON).body(Map.of("baseline", "constant"))
                .post("/api/v1/agents/" + name + "/versions"));
        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.asString()).isEqualTo(201));
        List<Integer> numbers = given().auth().preemptive().basic(USER, USER).get("/api/v1/agents/" + name).then()
                .statusCode(200).extract().jsonPath().getList("versions.number", Integer.class);
        assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
}
