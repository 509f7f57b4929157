package dev.mledojo.agent.baseline;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.agent.AgentPolicy;
import dev.mledojo.agent.AgentPolicy.Decision;
import dev.mledojo.agent.AgentPolicy.TaskBrief;
import dev.mledojo.gym.Observation;
import io.restassured.http.ContentType;

/**
 * A tiny test driver: opens an episode over HTTP, feeds the policy each observation, sends its decisions to the step
 * endpoint until it stops, and always closes the episode (DELETE) to read the result.
 */
final class EpisodeDriver {

    /** What a driven episode did: the actions sent, their observations, and the closed episode's JSON. */
    record Outcome(String episodeId, List<Decision> decisions, List<Observation> observations, JsonNode closed) {

        JsonNode result() {
            return closed.path("result");
        }
    }

    private static final int SAFETY_STEPS = 20;

    private final String user;
    private final String password;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
            false);

    EpisodeDriver(String user, String password) {
        this.user = user;
        this.password = password;
    }

    Outcome drive(AgentPolicy policy, TaskBrief brief, int maxSteps) throws Exception {
        JsonNode created = json.readTree(given().auth().preemptive().basic(user, password).contentType(ContentType.JSON)
                .body(Map.of("task", brief.id(), "budget", Map.of("max_steps", maxSteps))).post("/api/v1/episodes")
                .then().statusCode(201).extract().asString());
        String id = created.path("id").asText();
        List<Decision> decisions = new ArrayList<>();
        List<Observation> observations = new ArrayList<>();
        try {
            Observation last = json.treeToValue(created.path("observation"), Observation.class);
            for (int i = 0; i < SAFETY_STEPS; i++) {
                Optional<Decision> next = policy.next(last, brief);
                if (next.isEmpty()) {
                    break;
                }
                decisions.add(next.get());
                JsonNode stepped = json.readTree(given().auth().preemptive().basic(user, password)
                        .contentType(ContentType.JSON)
                        .body(Map.of("action", next.get().action(), "params", next.get().params()))
                        .post("/api/v1/episodes/" + id + "/step").then().statusCode(200).extract().asString());
                last = json.treeToValue(stepped.path("observation"), Observation.class);
                observations.add(last);
            }
        } catch (Exception | AssertionError e) {
            close(id);
            throw e;
        }
        return new Outcome(id, decisions, observations, close(id));
    }

    /** Closes the episode and returns its state; one the budget already closed answers 409 and is read with GET. */
    private JsonNode close(String id) throws Exception {
        JsonNode closed = json.readTree(given().auth().preemptive().basic(user, password)
                .delete("/api/v1/episodes/" + id).then().extract().asString());
        if (!closed.has("state")) {
            closed = json.readTree(given().auth().preemptive().basic(user, password).get("/api/v1/episodes/" + id)
                    .then().statusCode(200).extract().asString());
        }
        return closed;
    }
}
