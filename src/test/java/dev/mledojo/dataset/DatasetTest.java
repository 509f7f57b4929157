package dev.mledojo.dataset;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.grading.Medal;
import dev.mledojo.task.TaskService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.DecoderConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Datasets: each format's lines parse and match the episodes' recorded histories exactly (steps, rewards, final
 * reward), the filters select what they say, private agents' episodes are only for their owner and admins, gzip on
 * request, and bad input is a typed 400/403/404 problem, never a 500.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatasetTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TaskService tasks;

    /** A day of its own (far in the past), so that the board-wide tests see only this class's episodes in it. */
    LocalDate day;
    DatasetFixture.Seeded pub;
    DatasetFixture.Seeded llm;
    DatasetFixture.Seeded secret;

    @BeforeAll
    void seed() {
        day = LocalDate.of(1990, 1, 1).plusDays(new java.util.Random().nextInt(7000));
        Instant noon = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(12 * 3600);
        var steps = List.of(new DatasetFixture.Step("request_info", null, false),
                new DatasetFixture.Step("execute_code", 0.25, true), new DatasetFixture.Step("validate_code", null, false),
                new DatasetFixture.Step("execute_code", 0.75, true));
        pub = DatasetFixture.seed(tasks, "demo", "ds-public", true, List.of(
                new DatasetFixture.Run("practice-tabular-binary", steps, true, 0.8, Medal.SILVER, noon,
                        "the agent stopped", false),
                new DatasetFixture.Run("practice-tabular-regression", steps.subList(0, 2), true, 0.3, Medal.NONE,
                        noon.plusSeconds(60), "step budget exhausted (2 steps)", false),
                new DatasetFixture.Run("practice-text-classification", steps.subList(0, 1), false, 0, Medal.NONE,
                        noon.plusSeconds(120), "the agent stopped", false)));
        llm = DatasetFixture.seed(tasks, "demo", "ds-llm", true, List.of(new DatasetFixture.Run(
                "practice-tabular-binary", steps.subList(0, 2), true, 0.5, Medal.BRONZE, noon.plusSeconds(180),
                "the agent stopped", true)));
        secret = DatasetFixture.seed(tasks, "carol", "ds-private", false, List.of(new DatasetFixture.Run(
                "practice-tabular-binary", steps.subList(0, 2), true, 0.9, Medal.GOLD, noon.plusSeconds(240),
                "the agent stopped", false)));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    static RequestSpecification as(String user) {
        return user == null ? given() : given().auth().preemptive().basic(user, user);
    }

    String window() {
        return "from=" + day + "&to=" + day;
    }

    static List<JsonNode> lines(String body) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                out.add(JSON.readTree(line));
            }
        }
        if (!body.isEmpty()) {
            assertThat(body).endsWith("\n"); // every line ends, the last too
        }
        return out;
    }

    static List<JsonNode> get(String user, String url) throws IOException {
        Response r = as(user).get(url);
        assertThat(r.statusCode()).as(url + " → " + r.asString()).isEqualTo(200);
        return lines(r.asString());
    }

    static List<String> episodes(List<JsonNode> lines) {
        return lines.stream().map(l -> l.get("episode").asText()).distinct().toList();
    }

    /** The recorded history of an episode as its owner reads it. */
    static JsonPath history(String owner, String id) {
        return as(owner).get("/api/v1/episodes/" + id + "/history").then().statusCode(200).extract().jsonPath();
    }

    static JsonPath view(String owner, String id) {
        return as(owner).get("/api/v1/episodes/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** A JSON document read exactly (doubles as doubles), as {@code user} gets it. */
    static JsonNode tree(String user, String url) throws IOException {
        return JSON.readTree(as(user).get(url).then().statusCode(200).extract().asString());
    }

    /** Every RL line of an episode matches its history: one per step, in order, same action, reward, feedback. */
    static void assertRlMatches(String owner, String id, List<JsonNode> rl) throws IOException {
        List<JsonNode> mine = rl.stream().filter(l -> l.get("episode").asText().equals(id)).toList();
        JsonNode steps = tree(owner, "/api/v1/episodes/" + id + "/history").get("steps");
        JsonNode v = tree(owner, "/api/v1/episodes/" + id);
        assertThat(mine).hasSize(steps.size()).hasSize(v.get("stepCount").asInt());
        double sum = 0;
        for (int i = 0; i < steps.size(); i++) {
            JsonNode line = mine.get(i);
            JsonNode s = steps.get(i);
            assertThat(line.get("step")).isEqualTo(s.get("step"));
            assertThat(line.at("/action/action")).isEqualTo(s.get("action"));
            assertThat(line.at("/action/params")).isEqualTo(s.get("params"));
            assertThat(line.at("/observation/feedback")).isEqualTo(s.get("feedback"));
            assertThat(line.at("/observation/result")).isEqualTo(s.get("result"));
            assertThat(line.at("/observation/status")).isEqualTo(s.get("status"));
            JsonNode reward = s.get("reward");
            assertThat(line.get("reward")).as("reward of step " + (i + 1)).isEqualTo(reward);
            if (!reward.isNull()) {
                sum += reward.asDouble();
            }
            boolean last = i == steps.size() - 1;
            assertThat(line.get("done").asBoolean()).isEqualTo(last);
            assertThat(line.get("final_reward").isNull()).isEqualTo(!last);
        }
        assertThat(sum).isCloseTo(v.get("totalReward").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
        JsonNode last = mine.get(mine.size() - 1);
        JsonNode result = v.get("result");
        boolean valid = result.get("valid").asBoolean();
        assertThat(last.get("final_reward").asDouble()).isEqualTo(valid ? result.get("humanRank").asDouble() : 0.0);
        assertThat(last.at("/final/valid").asBoolean()).isEqualTo(valid);
        assertThat(last.at("/final/human_rank")).isEqualTo(result.get("humanRank") == null
                ? com.fasterxml.jackson.databind.node.NullNode.instance : result.get("humanRank"));
    }

    // ---- formats match the histories ---------------------------------------------------------------------------------

    @Test
    void rl_lines_match_each_episode_history_exactly() throws IOException {
        List<JsonNode> rl = get("demo", "/api/v1/datasets/agents/demo/" + pub.name() + "/rl.jsonl");
        assertThat(episodes(rl)).containsExactlyElementsOf(pub.episodes()); // ordered by end time
        assertThat(rl).hasSize(4 + 2 + 1);
        for (String id : pub.episodes()) {
            assertRlMatches("demo", id, rl);
        }
        // a budget ended the second episode: its last step is truncated, not terminated
        JsonNode budgetEnd = rl.get(5);
        assertThat(budgetEnd.get("truncated").asBoolean()).isTrue();
        assertThat(budgetEnd.get("terminated").asBoolean()).isFalse();
        assertThat(rl.get(3).get("terminated").asBoolean()).isTrue();
        assertThat(rl.get(3).at("/final/medal").asText()).isEqualTo("silver");
        assertThat(rl.get(3).get("final_reward").asDouble()).isEqualTo(0.8);
        assertThat(rl.get(6).get("final_reward").asDouble()).isEqualTo(0.0); // no valid submission
        assertThat(rl.get(0).at("/agent/name").asText()).isEqualTo(pub.name());
        assertThat(rl.get(0).at("/observation/result/stdout").asText()).isEqualTo("out 1 of " + pub.episodes().get(0));
    }

    @Test
    void sft_lines_carry_the_conversation_the_agent_had_and_the_outcome() throws IOException {
        List<JsonNode> sft = get("demo", "/api/v1/datasets/agents/demo/" + pub.name() + "/sft.jsonl");
        assertThat(episodes(sft)).containsExactlyElementsOf(pub.episodes());
        JsonNode first = sft.get(0);
        assertThat(first.get("source").asText()).isEqualTo("synthesized");
        assertThat(first.get("human_rank").asDouble()).isEqualTo(0.8);
        assertThat(first.get("medal").asText()).isEqualTo("silver");
        assertThat(first.get("task").asText()).isEqualTo("practice-tabular-binary");
        assertThat(first.get("steps").asInt()).isEqualTo(4);
        // system and task, then the agent_trajectory.json conversation exactly
        List<Map<String, String>> trajectory = as("demo").get("/api/v1/episodes/" + pub.episodes().get(0)
                + "/export/agent_trajectory.json").then().statusCode(200).extract().jsonPath().getList("$");
        JsonNode messages = first.get("messages");
        assertThat(messages.size()).isEqualTo(2 + trajectory.size()).isEqualTo(2 + 2 * 4);
        assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
        assertThat(messages.get(1).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).get("content").asText()).contains("practice-tabular-binary");
        for (int i = 0; i < trajectory.size(); i++) {
            assertThat(messages.get(2 + i).get("role").asText()).isEqualTo(trajectory.get(i).get("role"));
            assertThat(messages.get(2 + i).get("content").asText()).isEqualTo(trajectory.get(i).get("content"));
        }
        JsonPath h = history("demo", pub.episodes().get(0));
        assertThat(messages.get(3).get("content").asText()).isEqualTo(h.getString("steps[0].feedback"));
        assertThat(JSON.readTree(messages.get(2).get("content").asText()).get("action").asText())
                .isEqualTo(h.getString("steps[0].action"));
        assertThat(sft.get(2).get("valid").asBoolean()).isFalse();
        assertThat(sft.get(2).get("human_rank").isNull()).isTrue();
    }

    @Test
    void sft_of_a_model_driven_agent_is_its_recorded_llm_conversation() throws IOException {
        List<JsonNode> sft = get(null, "/api/v1/datasets/agents/demo/" + llm.name() + "/sft.jsonl");
        assertThat(sft).hasSize(1);
        JsonNode line = sft.get(0);
        assertThat(line.get("source").asText()).isEqualTo("llm");
        List<String> roles = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        line.get("messages").forEach(m -> {
            roles.add(m.get("role").asText());
            contents.add(m.get("content").asText());
        });
        // call 1: system + user + reply; call 2: only what followed the last assistant message, + reply
        assertThat(roles).containsExactly("system", "user", "assistant", "user", "assistant");
        assertThat(contents).containsExactly("You solve practice-tabular-binary", "Begin.",
                "{\"action\": \"request_info\"}", "feedback 1", "{\"action\": \"execute_code\"}");
        assertThat(line.get("medal").asText()).isEqualTo("bronze");
    }

    @Test
    void the_zip_holds_the_per_episode_exports_byte_for_byte_in_content() throws IOException {
        Response r = as("demo").get("/api/v1/datasets/agents/demo/" + pub.name() + "/trajectories.zip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/zip");
        assertThat(r.header("X-Total-Episodes")).isEqualTo("3");
        assertThat(r.header("Content-Disposition")).contains("attachment").contains(".zip");
        Map<String, JsonNode> entries = unzip(r.asByteArray());
        assertThat(entries).hasSize(3 * 3);
        for (String id : pub.episodes()) {
            String task = view("demo", id).getString("task");
            JsonNode env = entries.get(task + "/" + id + "/env_history.json");
            JsonNode expected = JSON.readTree(as("demo").get("/api/v1/episodes/" + id + "/export/env_history.json")
                    .then().statusCode(200).extract().asString());
            assertThat(env).isEqualTo(expected);
            JsonNode agent = entries.get(task + "/" + id + "/agent_trajectory.json");
            JsonNode expectedAgent = JSON.readTree(as("demo").get("/api/v1/episodes/" + id
                    + "/export/agent_trajectory.json").then().statusCode(200).extract().asString());
            assertThat(agent).isEqualTo(expectedAgent);
            assertThat(env.get("actions").size()).isEqualTo(history("demo", id).getList("steps").size());
            assertThat(entries.get(task + "/" + id + "/episode.json").get("episode").asText()).isEqualTo(id);
        }
        assertThat(entries.get("practice-tabular-binary/" + pub.episodes().get(0) + "/env_history.json")
                .get("best_code").asText()).isEqualTo("print(4)");
    }

    static Map<String, JsonNode> unzip(byte[] bytes) throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                out.put(e.getName(), JSON.readTree(zip.readAllBytes()));
            }
        }
        return out;
    }

    @Test
    void a_real_baseline_submission_exports_what_its_episodes_recorded() throws IOException {
        String agent = "ds-real-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        as("racer3").contentType(ContentType.JSON).body(Map.of("name", agent, "kind", "baseline", "visibility",
                "public", "config", Map.of("baseline", "constant"))).post("/api/v1/agents").then().statusCode(201);
        long id = as("racer3").contentType(ContentType.JSON).body(Map.of("agent", agent, "seeds", 1,
                "suite", Map.of("tasks", List.of("practice-tabular-binary")))).post("/api/v1/submissions").then()
                .statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofMinutes(3)).until(() -> as("racer3").get("/api/v1/submissions/" + id).then()
                .extract().jsonPath().getDouble("progress") == 1.0);
        List<String> ids = as("racer3").get("/api/v1/submissions/" + id).then().statusCode(200).extract().jsonPath()
                .getList("episodes.findAll { it.state == 'finished' }.id");
        assertThat(ids).hasSize(1);
        as(null).get("/api/v1/datasets/submissions/" + id + "/count").then().statusCode(200)
                .body("episodes", equalTo(1)).body("steps", equalTo(view("racer3", ids.get(0)).getInt("stepCount")));
        List<JsonNode> rl = get(null, "/api/v1/datasets/submissions/" + id + "/rl.jsonl");
        assertRlMatches("racer3", ids.get(0), rl);
        List<JsonNode> sft = get(null, "/api/v1/datasets/submissions/" + id + "/sft.jsonl");
        assertThat(sft).hasSize(1);
        assertThat(sft.get(0).get("human_rank")).isEqualTo(tree("racer3", "/api/v1/episodes/" + ids.get(0))
                .at("/result/humanRank"));
    }

    // ---- filters -----------------------------------------------------------------------------------------------------

    @Test
    void filters_select_what_they_say() throws IOException {
        String w = window();
        String base = "/api/v1/datasets/sft.jsonl?" + w;
        // demo sees the public agents' episodes of the day, not carol's private one
        assertThat(episodes(get("demo", base))).containsExactly(pub.episodes().get(0), pub.episodes().get(1),
                pub.episodes().get(2), llm.episodes().get(0));
        assertThat(episodes(get("demo", base + "&task=practice-tabular-binary")))
                .containsExactly(pub.episodes().get(0), llm.episodes().get(0));
        assertThat(episodes(get("demo", base + "&domain=nlp"))).containsExactly(pub.episodes().get(2));
        assertThat(episodes(get("demo", base + "&split=regression"))).containsExactly(pub.episodes().get(1));
        assertThat(episodes(get("demo", base + "&valid=true"))).containsExactly(pub.episodes().get(0),
                pub.episodes().get(1), llm.episodes().get(0));
        assertThat(episodes(get("demo", base + "&min_human_rank=0.5"))).containsExactly(pub.episodes().get(0),
                llm.episodes().get(0));
        assertThat(episodes(get("demo", base + "&limit=2"))).containsExactly(pub.episodes().get(0),
                pub.episodes().get(1));
        Instant noon = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(12 * 3600);
        assertThat(episodes(get("demo", "/api/v1/datasets/sft.jsonl?from=" + noon.plusSeconds(60) + "&to="
                + noon.plusSeconds(180)))).containsExactly(pub.episodes().get(1), pub.episodes().get(2));
        assertThat(get("demo", "/api/v1/datasets/sft.jsonl?from=" + day.minusDays(2) + "&to=" + day.minusDays(1)))
                .isEmpty();
        // an agent's version, a submission
        assertThat(episodes(get("demo", "/api/v1/datasets/agents/demo/" + pub.name() + "/sft.jsonl?version=1")))
                .containsExactlyElementsOf(pub.episodes());
        as("demo").get("/api/v1/datasets/agents/demo/" + pub.name() + "/sft.jsonl?version=2").then().statusCode(404)
                .body("type", endsWith("unknown-agent-version"));
        assertThat(episodes(get("demo", "/api/v1/datasets/submissions/" + llm.submission() + "/sft.jsonl")))
                .containsExactly(llm.episodes().get(0));
        // the count agrees with the stream and gives the links
        as("demo").get("/api/v1/datasets/count?" + w + "&valid=true").then().statusCode(200)
                .body("episodes", equalTo(3)).body("steps", equalTo(4 + 2 + 2))
                .body("downloads.'rl.jsonl'", equalTo("/api/v1/datasets/rl.jsonl?" + w + "&valid=true"));
        Response rl = as("demo").get("/api/v1/datasets/rl.jsonl?" + w + "&valid=true");
        assertThat(rl.header("X-Total-Episodes")).isEqualTo("3");
        assertThat(rl.header("X-Total-Steps")).isEqualTo("8");
        assertThat(lines(rl.asString())).hasSize(8);
    }

    @Test
    void exports_page_through_batches_in_end_time_order() throws IOException {
        // the batch size is 2 in tests: four episodes of the day take two reads and a cursor, each once and in order
        List<JsonNode> sft = get("demo", "/api/v1/datasets/sft.jsonl?" + window());
        assertThat(episodes(sft)).hasSize(4).doesNotHaveDuplicates();
        List<String> ended = sft.stream().map(l -> l.get("ended_at").asText()).toList();
        assertThat(ended).isSorted();
    }

    // ---- visibility --------------------------------------------------------------------------------------------------

    @Test
    void a_private_agents_episodes_are_for_its_owner_and_admins_only() throws IOException {
        String privateEpisode = secret.episodes().get(0);
        String board = "/api/v1/datasets/rl.jsonl?" + window();
        assertThat(episodes(get(null, board))).doesNotContain(privateEpisode).hasSize(4);
        assertThat(episodes(get("demo", board))).doesNotContain(privateEpisode);
        assertThat(episodes(get("carol", board))).contains(privateEpisode).hasSize(5);
        assertThat(episodes(get("admin", board))).contains(privateEpisode).hasSize(5);
        as(null).get("/api/v1/datasets/count?" + window()).then().statusCode(200).body("episodes", equalTo(4));
        as("carol").get("/api/v1/datasets/count?" + window()).then().statusCode(200).body("episodes", equalTo(5));

        // by agent: unknown to others, as on the boards
        String agentUrl = "/api/v1/datasets/agents/carol/" + secret.name() + "/sft.jsonl";
        for (String other : new String[] {null, "demo"}) {
            as(other).get(agentUrl).then().statusCode(404).contentType("application/problem+json")
                    .body("type", endsWith("unknown-agent")).body("detail", containsString("you may see"));
            as(other).get("/api/v1/datasets/agents/carol/" + secret.name() + "/count").then().statusCode(404)
                    .body("type", endsWith("unknown-agent"));
        }
        assertThat(episodes(get("carol", agentUrl))).containsExactly(privateEpisode);
        assertThat(episodes(get("admin", agentUrl))).containsExactly(privateEpisode);

        // by submission: another user's
        String subUrl = "/api/v1/datasets/submissions/" + secret.submission() + "/trajectories.zip";
        for (String other : new String[] {null, "demo"}) {
            as(other).get(subUrl).then().statusCode(403).contentType("application/problem+json")
                    .body("type", endsWith("not-your-submission"));
        }
        assertThat(unzip(as("carol").get(subUrl).then().statusCode(200).extract().asByteArray()))
                .containsKey("practice-tabular-binary/" + privateEpisode + "/env_history.json");
        assertThat(unzip(as("admin").get(subUrl).then().statusCode(200).extract().asByteArray())).hasSize(3);
        // a public agent's submission is anyone's to read
        assertThat(episodes(get(null, "/api/v1/datasets/submissions/" + pub.submission() + "/rl.jsonl")))
                .containsExactlyElementsOf(pub.episodes());
    }

    @Test
    void the_page_counts_before_the_download_and_is_for_signed_in_users() {
        as(null).redirects().follow(false).get("/datasets").then().statusCode(org.hamcrest.Matchers.oneOf(302, 303));
        String page = as("demo").get("/datasets?scope=board&" + window() + "&valid=true&gzip=true").then()
                .statusCode(200).extract().asString();
        assertThat(page).contains("<span id=\"episode-count\">3</span>").contains("<span id=\"step-count\">8</span>")
                .contains("href=\"/api/v1/datasets/sft.jsonl?valid=true&amp;from=" + day + "&amp;to=" + day
                        + "&amp;gzip=true\"")
                .contains("href=\"/api/v1/datasets/trajectories.zip?valid=true&amp;from=" + day + "&amp;to=" + day
                        + "\"")
                .contains("data-holds=\"8 lines (one per step)\"").contains("id=\"download-status\"")
                .contains("' + a.dataset.holds");
        String agentPage = as("demo").get("/datasets?scope=agent&agent=demo/" + pub.name()).then().statusCode(200)
                .extract().asString();
        assertThat(agentPage).contains("<span id=\"episode-count\">3</span>")
                .contains("/api/v1/datasets/agents/demo/" + pub.name() + "/rl.jsonl");
        String bad = as("demo").get("/datasets?scope=board&min_human_rank=2").then().statusCode(200).extract()
                .asString();
        assertThat(bad).contains("min_human_rank is a number between 0 and 1").doesNotContain("episode-count");
        String hidden = as("demo").get("/datasets?scope=agent&agent=carol/" + secret.name()).then().statusCode(200)
                .extract().asString();
        assertThat(hidden).contains("you may see").doesNotContain("episode-count");
    }

    // ---- gzip --------------------------------------------------------------------------------------------------------

    @Test
    void gzip_as_a_file_or_on_the_wire() throws IOException {
        String url = "/api/v1/datasets/agents/demo/" + pub.name() + "/rl.jsonl";
        String plain = as("demo").header("Accept-Encoding", "identity").get(url).then().statusCode(200)
                .extract().asString();
        assertThat(lines(plain)).hasSize(7);
        Response file = as("demo").get(url + "?gzip=true");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.contentType()).isEqualTo("application/gzip");
        assertThat(file.header("Content-Encoding")).isNull();
        assertThat(file.header("Content-Disposition")).contains("rl.jsonl.gz");
        assertThat(gunzip(file.asByteArray())).isEqualTo(plain);
        Response wire = as("demo").config(RestAssured.config().decoderConfig(DecoderConfig.decoderConfig()
                .noContentDecoders())).header("Accept-Encoding", "gzip, deflate").get(url);
        assertThat(wire.statusCode()).isEqualTo(200);
        assertThat(wire.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(wire.contentType()).startsWith("application/x-ndjson");
        assertThat(gunzip(wire.asByteArray())).isEqualTo(plain);
        as("demo").get("/api/v1/datasets/agents/demo/" + pub.name() + "/trajectories.zip?gzip=true").then()
                .statusCode(400).contentType("application/problem+json").body("type", endsWith("gzip-not-applicable"));
    }

    static String gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- bad input ---------------------------------------------------------------------------------------------------

    @Test
    void bad_input_is_a_typed_problem_never_a_500() {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("/api/v1/datasets/parquet", "unknown-dataset-format");
        bad.put("/api/v1/datasets/sft.jsonl?min_human_rank=1.5", "invalid-dataset-filter");
        bad.put("/api/v1/datasets/sft.jsonl?min_human_rank=NaN", "invalid-dataset-filter");
        bad.put("/api/v1/datasets/sft.jsonl?min_human_rank=lots", "invalid-dataset-filter");
        bad.put("/api/v1/datasets/sft.jsonl?valid=maybe", "invalid-dataset-filter");
        bad.put("/api/v1/datasets/sft.jsonl?from=yesterday", "invalid-dataset-filter");
        bad.put("/api/v1/datasets/sft.jsonl?from=2025-02-30", "invalid-dataset-filter");
        bad.put("/api/v1/datasets/sft.jsonl?from=2025-05-02&to=2025-05-01", "invalid-dataset-filter");
        bad.put("/api/v1/datasets/sft.jsonl?limit=0", "invalid-dataset-filter");
        bad.put("/api/v1/datasets/sft.jsonl?limit=99999999999", "invalid-dataset-filter");
        bad.put("/api/v1/datasets/sft.jsonl?gzip=yes", "invalid-dataset-filter");
        bad.put("/api/v1/datasets/count?domain=astrology", "invalid-dataset-filter");
        bad.put("/api/v1/datasets/count?task=no-such-task", "unknown-task");
        bad.put("/api/v1/datasets/count?task=%25", "invalid-dataset-filter");
        bad.put("/api/v1/datasets/count?split=no-such-tag", "unknown-split");
        bad.put("/api/v1/datasets/count?split=a%27%20or%201=1", "invalid-dataset-filter");
        bad.put("/api/v1/datasets/submissions/abc/sft.jsonl", "invalid-submission-id");
        bad.put("/api/v1/datasets/agents/demo/x/sft.jsonl?version=latest", "invalid-dataset-filter");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            as("demo").get(b.getKey()).then().statusCode(400).contentType("application/problem+json")
                    .body("type", endsWith(b.getValue())).body("status", equalTo(400));
        }
        as("demo").get("/api/v1/datasets/count?min_human_rank=2").then().statusCode(400)
                .body("field", equalTo("min_human_rank"));
        as(null).get("/api/v1/datasets/submissions/987654321/sft.jsonl").then().statusCode(404)
                .contentType("application/problem+json").body("type", endsWith("unknown-submission"));
        as(null).get("/api/v1/datasets/agents/nobody/nothing/rl.jsonl").then().statusCode(404)
                .body("type", endsWith("unknown-agent"));
    }
}
