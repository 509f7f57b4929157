package dev.mledojo.scheduling;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mledojo.testing.AtOnce;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Quotas hold under parallel requests (hostile audit, finding 9): many requests sent at the same instant get exactly
 * as many successes as the limit allows, and one Idempotency-Key gives one submission. Each test has its own user;
 * the scheduler is off so that queued episodes stay queued while the limits are counted.
 */
@QuarkusTest
@TestProfile(QuotaRaceTest.NoScheduling.class)
class QuotaRaceTest {

    public static class NoScheduling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dojo.scheduling.enabled", "false");
        }
    }

    static final String TASK = "practice-tabular-binary";

    static void quota(String user, Map<String, Object> quota) {
        given().auth().preemptive().basic(user, user).get("/api/v1/me").then().statusCode(200); // the account exists
        given().auth().preemptive().basic("admin", "admin").contentType(ContentType.JSON).body(quota)
                .put("/api/v1/admin/users/" + user + "/quota").then().statusCode(200);
    }

    static void agent(String user) {
        given().auth().preemptive().basic(user, user).contentType(ContentType.JSON)
                .body(Map.of("name", "racing", "kind", "baseline", "config", Map.of("baseline", "constant")))
                .post("/api/v1/agents").then().statusCode(201);
    }

    static Response submit(String user, String key) {
        var request = given().auth().preemptive().basic(user, user).contentType(ContentType.JSON)
                .body(Map.of("agent", "racing", "suite", Map.of("tasks", List.of(TASK))));
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.post("/api/v1/submissions");
    }

    @Test
    void tenParallelEpisodesOpenExactlyTheConcurrentLimit() throws Exception {
        quota("racer1", Map.of("concurrent_episodes", 4));
        List<Response> responses = AtOnce.send(10, () -> given().auth().preemptive().basic("racer1", "racer1")
                .contentType(ContentType.JSON).body(Map.of("task", TASK)).post("/api/v1/episodes"));
        assertThat(AtOnce.count(responses, 201)).isEqualTo(4);
        assertThat(AtOnce.count(responses, 429)).isEqualTo(6);
        assertThat(responses.stream().filter(r -> r.statusCode() == 429).map(r -> r.jsonPath().getString("quota")))
                .containsOnly("concurrent-episodes");
        for (Response r : responses) {
            if (r.statusCode() == 201) {
                given().auth().preemptive().basic("racer1", "racer1").delete("/api/v1/episodes/" + r.jsonPath()
                        .getString("id")).then().statusCode(200);
            }
        }
    }

    @Test
    void twelveParallelSubmissionsQueueExactlyTheQueuedLimit() throws Exception {
        quota("racer2", Map.of("queued_episodes", 2));
        agent("racer2");
        List<Response> responses = AtOnce.send(12, () -> submit("racer2", null));
        assertThat(AtOnce.count(responses, 201)).isEqualTo(2);
        assertThat(AtOnce.count(responses, 429)).isEqualTo(10);
        for (Response r : responses) {
            if (r.statusCode() == 201) {
                given().auth().preemptive().basic("racer2", "racer2").get("/api/v1/submissions/" + r.jsonPath()
                        .getLong("id")).then().statusCode(200).body("episodes.state", org.hamcrest.Matchers.contains(
                                "queued"));
            } else {
                assertThat(r.jsonPath().getString("quota")).isEqualTo("queued-episodes");
            }
        }
    }

    @Test
    void twelveParallelSubmissionsSpendExactlyTheDailyQuota() throws Exception {
        quota("racer3", Map.of("episodes_per_day", 3));
        agent("racer3");
        List<Response> responses = AtOnce.send(12, () -> submit("racer3", null));
        assertThat(AtOnce.count(responses, 201)).isEqualTo(3);
        assertThat(AtOnce.count(responses, 429)).isEqualTo(9);
        assertThat(responses.stream().filter(r -> r.statusCode() == 429).map(r -> r.jsonPath().getString("quota")))
                .containsOnly("episode");
    }

    @Test
    void eightParallelSubmissionsWithOneIdempotencyKeyMakeOneSubmission() throws Exception {
        agent("racer4");
        String key = "same-key-" + System.nanoTime();
        List<Response> responses = AtOnce.send(8, () -> submit("racer4", key));
        assertThat(AtOnce.count(responses, 201)).isEqualTo(1);
        assertThat(AtOnce.count(responses, 200)).isEqualTo(7);
        assertThat(responses.stream().map(r -> r.jsonPath().getLong("id")).distinct()).hasSize(1);
    }
}
