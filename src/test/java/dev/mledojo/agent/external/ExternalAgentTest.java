package dev.mledojo.agent.external;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mledojo.episode.AgentMessage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * An external agent program (src/test/resources/agents/external_agent.py) runs in the sandbox: it steps its episode over
 * HTTP with its episode token through the tunnel to the platform (its only network), asks the LLM gateway, is refused
 * (403) on another episode and on the rest of the API, sees none of the host's files, and its token stops working (401)
 * once the episode is closed. Only users an admin allowed may register one.
 */
@QuarkusTest
class ExternalAgentTest {

    @Test
    void an_external_program_steps_its_own_episode_only_and_its_token_dies_with_the_episode() throws Exception {
        String other = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("task", "practice-tabular-regression")).post("/api/v1/episodes").then().statusCode(201)
                .extract().jsonPath().getString("id");
        allowExternalAgents("demo");
        try {
            String program = Path.of("src/test/resources/agents/external_agent.py").toAbsolutePath().toString();
            String name = "external-" + UUID.randomUUID().toString().substring(0, 8);
            String dataDir = Path.of(dataDir()).toAbsolutePath().toString();
            given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                    .body(Map.of("name", name, "kind", "external", "config", Map.of(
                            "command", List.of("/usr/bin/python3", program, other, dataDir,
                                    Integer.toString(RestAssured.port)),
                            "provider", "replay", "price_per_1k_prompt", 0.5,
                            "replay", List.of(Map.of("content", "Try a constant.", "prompt_tokens", 8,
                                    "completion_tokens", 4)))))
                    .post("/api/v1/agents").then().statusCode(201);
            long id = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                    .body(Map.of("agent", name, "suite", Map.of("tasks", List.of("practice-tabular-binary")),
                            "budget", Map.of("max_steps", 5)))
                    .post("/api/v1/submissions").then().statusCode(201).extract().jsonPath().getLong("id");
            await().atMost(Duration.ofSeconds(120)).until(() -> submission(id).getDouble("progress") == 1.0);
            JsonPath s = submission(id);
            assertThat(s.getString("episodes[0].state")).as(s.prettify()).isEqualTo("finished");
            assertThat(s.getString("episodes[0].endReason")).isEqualTo("the agent program ended");
            assertThat(s.getBoolean("episodes[0].result.valid")).isTrue();
            assertThat(s.getInt("episodes[0].result.steps")).isEqualTo(2);
            String episode = s.getString("episodes[0].id");
            AgentMessage.Usage usage = QuarkusTransaction.requiringNew().call(() -> AgentMessage.usage(episode));
            assertThat(usage.tokens()).isEqualTo(12);
            assertThat(usage.cost()).isEqualTo(0.004);

            String code = given().auth().preemptive().basic("demo", "demo").get("/api/v1/episodes/" + episode + "/history")
                    .then().statusCode(200).extract().asString();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("# token: (mle_ep_[A-Za-z0-9_-]+)").matcher(code);
            assertThat(m.find()).as(code).isTrue();
            String token = m.group(1);
            given().header("Authorization", "Bearer " + token).get("/api/v1/episodes/" + episode).then().statusCode(401);
            given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                    .body(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))))
                    .post("/api/v1/llm/v1/chat/completions").then().statusCode(401);
            // the owner still reads the episode as before
            given().auth().preemptive().basic("demo", "demo").get("/api/v1/episodes/" + episode).then().statusCode(200);
        } finally {
            given().auth().preemptive().basic("demo", "demo").delete("/api/v1/episodes/" + other);
        }
    }

    @Test
    void only_users_an_admin_allowed_may_register_external_agents() {
        String name = "external-carol-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = Map.of("name", name, "kind", "external",
                "config", Map.of("command", List.of("/usr/bin/python3", "-c", "print(1)")));
        given().auth().preemptive().basic("carol", "carol").get("/api/v1/agents").then().statusCode(200);
        given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON).body(body)
                .post("/api/v1/agents").then().statusCode(403)
                .body("type", org.hamcrest.Matchers.endsWith("external-agents-not-allowed"))
                .body("detail", org.hamcrest.Matchers.containsString("needs an admin's permission"));
        // a submitter cannot allow herself
        given().auth().preemptive().basic("carol", "carol").put("/api/v1/admin/users/carol/external-agents")
                .then().statusCode(403);
        allowExternalAgents("carol");
        given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON).body(body)
                .post("/api/v1/agents").then().statusCode(201).body("kind", org.hamcrest.Matchers.equalTo("external"));
        given().auth().preemptive().basic("admin", "admin").delete("/api/v1/admin/users/carol/external-agents")
                .then().statusCode(200).body("external_agents", org.hamcrest.Matchers.equalTo(false));
        given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON)
                .body(Map.of("command", List.of("/usr/bin/python3", "-c", "print(2)")))
                .post("/api/v1/agents/" + name + "/versions").then().statusCode(403)
                .body("type", org.hamcrest.Matchers.endsWith("external-agents-not-allowed"));
    }

    private static void allowExternalAgents(String user) {
        given().auth().preemptive().basic(user, user).get("/api/v1/agents").then().statusCode(200); // signed in once
        given().auth().preemptive().basic("admin", "admin").put("/api/v1/admin/users/" + user + "/external-agents")
                .then().statusCode(200).body("user", org.hamcrest.Matchers.equalTo(user))
                .body("external_agents", org.hamcrest.Matchers.equalTo(true));
    }

    private static String dataDir() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue("dojo.data-dir", String.class)
                .orElse("data");
    }

    @Test
    void a_program_that_fails_fails_its_episode_as_an_agent_error() {
        allowExternalAgents("demo");
        String name = "external-bad-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", "external", "config", Map.of(
                        "command", List.of("/usr/bin/python3", "-c", "import sys; print('giving up'); sys.exit(2)"))))
                .post("/api/v1/agents").then().statusCode(201);
        long id = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("agent", name, "suite", Map.of("tasks", List.of("practice-tabular-binary"))))
                .post("/api/v1/submissions").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> submission(id).getDouble("progress") == 1.0);
        JsonPath s = submission(id);
        assertThat(s.getString("episodes[0].state")).isEqualTo("failed");
        assertThat(s.getString("episodes[0].endReason")).contains("agent_error", "exited with code 2", "giving up");
    }

    private static JsonPath submission(long id) {
        return given().auth().preemptive().basic("demo", "demo").get("/api/v1/submissions/" + id).then().statusCode(200)
                .extract().jsonPath();
    }
}
