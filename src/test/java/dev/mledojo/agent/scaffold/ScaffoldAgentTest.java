package dev.mledojo.agent.scaffold;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mledojo.episode.AgentMessage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The scaffold agent on the {@code replay} provider, in submissions on a practice task: a recorded trajectory runs
 * through the LLM gateway (metered, recorded), malformed output is recovered from, and a replay that runs out or a
 * token budget that is used up ends the episode.
 */
@QuarkusTest
class ScaffoldAgentTest {

    static final String TASK = "practice-tabular-binary";
    static final String CODE = "import pandas as pd\\ns = pd.read_csv('/data/sample_submission.csv')\\n"
            + "s[s.columns[1]] = 0.5\\ns.to_csv('/workspace/submission.csv', index=False)\\n";

    static Map<String, Object> reply(String content, int prompt, int completion) {
        return Map.of("content", content, "prompt_tokens", prompt, "completion_tokens", completion);
    }

    static String agent(List<Map<String, Object>> replay) {
        String name = "scaffold-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> config = new HashMap<>();
        config.put("provider", "replay");
        config.put("model", "recorded-model");
        config.put("price_per_1k_prompt", 1.0);
        config.put("price_per_1k_completion", 2.0);
        config.put("replay", replay);
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", "scaffold", "config", config)).post("/api/v1/agents").then()
                .statusCode(201);
        return name;
    }

    static JsonPath run(String agent, Map<String, Object> budget) {
        long id = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("agent", agent, "suite", Map.of("tasks", List.of(TASK)), "budget", budget))
                .post("/api/v1/submissions").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(120)).until(() -> submission(id).getDouble("progress") == 1.0);
        return submission(id);
    }

    static JsonPath submission(long id) {
        return given().auth().preemptive().basic("demo", "demo").get("/api/v1/submissions/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void a_recorded_trajectory_runs_through_the_gateway_with_exact_metering_and_recovers_from_malformed_output() {
        String agent = agent(List.of(
                reply("Let me think about the data first.", 100, 10), // malformed: no JSON action
                reply("{\"action\": \"request_info\", \"params\": {\"info_type\": \"data_structure\"}}", 120, 20),
                reply("Here is my plan:\n```json\n{\"action\": \"execute_code\", \"params\": {\"code\": \"" + CODE
                        + "\"}}\n```", 300, 50),
                reply("{\"action\": \"done\"}", 400, 5)));
        JsonPath s = run(agent, Map.of("max_steps", 10));
        assertThat(s.getString("episodes[0].state")).as(s.prettify()).isEqualTo("finished");
        assertThat(s.getBoolean("episodes[0].result.valid")).isTrue();
        assertThat(s.getInt("episodes[0].result.steps")).isEqualTo(2);
        String episode = s.getString("episodes[0].id");

        AgentMessage.Usage usage = QuarkusTransaction.requiringNew().call(() -> AgentMessage.usage(episode));
        assertThat(usage.calls()).isEqualTo(4);
        assertThat(usage.promptTokens()).isEqualTo(920);
        assertThat(usage.completionTokens()).isEqualTo(85);
        assertThat(usage.cost()).isCloseTo(0.92 + 0.17, within(1e-9));

        List<Map<String, String>> trajectory = given().auth().preemptive().basic("demo", "demo")
                .get("/api/v1/episodes/" + episode + "/export/agent_trajectory.json").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(trajectory.get(0).get("role")).isEqualTo("system");
        assertThat(trajectory.get(0).get("content")).contains(TASK, "execute_code", "ONE JSON object");
        assertThat(trajectory.stream().filter(m -> m.get("role").equals("assistant")).map(m -> m.get("content")))
                .containsExactly("Let me think about the data first.",
                        "{\"action\": \"request_info\", \"params\": {\"info_type\": \"data_structure\"}}",
                        trajectory.stream().filter(m -> m.get("content").startsWith("Here is my plan")).findFirst()
                                .orElseThrow().get("content"),
                        "{\"action\": \"done\"}");
        // the model was told what was wrong with its malformed reply, and saw each observation
        assertThat(trajectory.stream().map(m -> m.get("content")))
                .anyMatch(c -> c.startsWith("Your reply was not a valid action: no JSON object found"))
                .anyMatch(c -> c.contains("=== Submission Evaluation ==="));
    }

    @Test
    void a_replay_that_runs_out_fails_the_episode_as_an_agent_error() {
        String agent = agent(List.of(
                reply("{\"action\": \"request_info\", \"params\": {\"info_type\": \"overview\"}}", 10, 10)));
        JsonPath s = run(agent, Map.of("max_steps", 10));
        assertThat(s.getString("episodes[0].state")).isEqualTo("failed");
        assertThat(s.getString("episodes[0].endReason")).contains("agent_error", "replay-exhausted");
    }

    @Test
    void a_used_up_token_budget_ends_the_episode_with_its_result() {
        Map<String, Object> info = reply("{\"action\": \"request_info\", \"params\": {\"info_type\": \"name\"}}", 100, 10);
        String agent = agent(List.of(info, info, info, info, info));
        JsonPath s = run(agent, Map.of("max_steps", 10, "max_tokens", 150));
        assertThat(s.getString("episodes[0].state")).isEqualTo("finished");
        assertThat(s.getString("episodes[0].endReason")).contains("token budget exhausted (220 of 150 tokens used)");
        assertThat(s.getInt("episodes[0].result.steps")).isEqualTo(2);
        String episode = s.getString("episodes[0].id");
        AgentMessage.Usage usage = QuarkusTransaction.requiringNew().call(() -> AgentMessage.usage(episode));
        assertThat(usage.tokens()).isEqualTo(220);
        assertThat(usage.cost()).isCloseTo(0.2 + 0.04, within(1e-9));
    }

    @Test
    void an_api_key_is_stored_encrypted_and_never_returned() {
        String name = "openai-" + UUID.randomUUID().toString().substring(0, 8);
        String body = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", "scaffold", "config", Map.of("provider", "openai-compatible",
                        "base_url", "https://llm.example.invalid/v1", "model", "gpt-test", "api_key", "sk-very-secret-42")))
                .post("/api/v1/agents").then().statusCode(201).extract().asString();
        assertThat(body).doesNotContain("sk-very-secret-42").contains("api_key_secret");
        assertThat(given().auth().preemptive().basic("demo", "demo").get("/api/v1/agents/" + name).then()
                .statusCode(200).extract().asString()).doesNotContain("sk-very-secret-42");
        // a config may not name a stored secret itself (it could point the gateway at another secret)
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", name + "-x", "kind", "scaffold", "config", Map.of("provider", "openai-compatible",
                        "base_url", "https://llm.example.invalid/v1", "model", "m", "api_key_secret", "kaggle.key")))
                .post("/api/v1/agents").then().statusCode(400);
    }
}
