package dev.mledojo.agent.scaffold;

import static dev.mledojo.agent.scaffold.ScaffoldAgentTest.reply;
import static dev.mledojo.agent.scaffold.ScaffoldAgentTest.run;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

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
 * The tree-search scaffold ({@code scaffold: tree}) on the {@code replay} provider, in submissions on a practice task
 * through the normal submission path: real sandbox runs, real grading; its settings are validated at registration.
 */
@QuarkusTest
class TreeSearchAgentTest {

    /** Draft 1: the sample submission (every probability 0.5, ROC AUC 0.5). */
    static final String SAMPLE = "import shutil\nshutil.copy('/data/sample_submission.csv', '/workspace/submission.csv')";
    /** Draft 2: fails, the label column is not called 'target'. */
    static final String BUGGY = "import pandas as pd\ntrain = pd.read_csv('/data/train.csv')\ny = train['target']\n"
            + "print(y.mean())";
    /** The repaired draft 2: a logistic regression on the numeric columns. */
    static final String MODEL = "import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n"
            + "train = pd.read_csv('/data/train.csv')\ntest = pd.read_csv('/data/test.csv')\n"
            + "cols = [c for c in train.select_dtypes('number').columns if c not in ('id', 'churned')]\n"
            + "model = LogisticRegression(max_iter=2000).fit(train[cols].fillna(0), train['churned'])\n"
            + "p = model.predict_proba(test[cols].fillna(0))[:, 1]\n"
            + "pd.DataFrame({'id': test['id'], 'churned': p}).to_csv('/workspace/submission.csv', index=False)";
    /** An "improvement" that is worse: back to a constant. */
    static final String CONSTANT = "import pandas as pd\ns = pd.read_csv('/data/sample_submission.csv')\n"
            + "s['churned'] = 0.3\ns.to_csv('/workspace/submission.csv', index=False)";

    static String program(String plan, String code) {
        return plan + "\n\n```python\n" + code + "\n```";
    }

    static String agent(Map<String, Object> settings, List<Map<String, Object>> replay) {
        String name = "tree-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", "scaffold", "config", config(settings, replay)))
                .post("/api/v1/agents").then().statusCode(201).body("versions[0].config.scaffold", equalTo("tree"));
        return name;
    }

    static Map<String, Object> config(Map<String, Object> settings, List<Map<String, Object>> replay) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put("provider", "replay");
        config.put("model", "recorded-model");
        config.put("replay", replay);
        return config;
    }

    @Test
    void drafts_debugs_and_improves_through_the_submission_path_and_the_best_node_is_the_final_submission() {
        String agent = agent(Map.of("scaffold", "tree", "drafts", 2, "max_debug_depth", 2, "debug_probability", 1.0),
                List.of(reply(program("Start from the sample submission.", SAMPLE), 500, 40),
                        reply(program("Predict the mean label.", BUGGY), 520, 50),
                        reply(program("The label is churned: fit a logistic regression.", MODEL), 900, 120),
                        reply(program("Try a lower constant.", CONSTANT), 900, 60),
                        reply(program("never asked: the steps run out", SAMPLE), 1, 1)));
        JsonPath s = run(agent, Map.of("max_steps", 5));
        assertThat(s.getString("episodes[0].state")).as(s.prettify()).isEqualTo("finished");
        assertThat(s.getBoolean("episodes[0].result.valid")).isTrue();
        assertThat(s.getInt("episodes[0].result.steps")).isEqualTo(5);
        // submissions: 1 = the sample, (the buggy draft wrote none), 2 = the repaired draft, 3 = the constant
        assertThat(s.getInt("episodes[0].result.submissions")).isEqualTo(3);
        assertThat(s.getInt("episodes[0].result.submission")).isEqualTo(2);
        String episode = s.getString("episodes[0].id");

        JsonPath history = given().auth().preemptive().basic("demo", "demo")
                .get("/api/v1/episodes/" + episode + "/export/env_history.json").then().statusCode(200).extract()
                .jsonPath();
        assertThat(history.getList("actions.action")).containsExactly("request_info", "execute_code", "execute_code",
                "execute_code", "execute_code");
        assertThat(history.getString("actions[2].feedback")).contains("KeyError", "'target'");
        assertThat(history.getString("best_code").strip()).isEqualTo(MODEL);
        assertThat(history.getDouble("best_raw_score")).isGreaterThan(0.5); // beats the sample's ROC AUC of 0.5

        AgentMessage.Usage usage = QuarkusTransaction.requiringNew().call(() -> AgentMessage.usage(episode));
        assertThat(usage.calls()).isEqualTo(4);
        assertThat(usage.tokens()).isEqualTo(500 + 40 + 520 + 50 + 900 + 120 + 900 + 60);

        List<Map<String, String>> trajectory = given().auth().preemptive().basic("demo", "demo")
                .get("/api/v1/episodes/" + episode + "/export/agent_trajectory.json").then().statusCode(200)
                .extract().jsonPath().getList("$");
        List<String> prompts = trajectory.stream().filter(m -> m.get("role").equals("user")).map(m -> m.get("content"))
                .toList();
        assertThat(prompts).hasSize(4);
        assertThat(prompts.get(0)).contains("draft 1 of 2");
        assertThat(prompts.get(1)).contains("draft 2 of 2", "Start from the sample submission.");
        assertThat(prompts.get(2)).contains("This program failed", "y = train['target']", "KeyError");
        assertThat(prompts.get(3)).contains("best so far", "roc_auc", "LogisticRegression");
        assertThat(trajectory.stream().filter(m -> m.get("role").equals("system")).map(m -> m.get("content")))
                .allMatch(c -> c.contains("practice-tabular-binary") && c.contains("sample_submission.csv"));
    }

    @Test
    void a_used_up_token_budget_ends_the_search_and_the_episode_keeps_its_best_submission() {
        String agent = agent(Map.of("scaffold", "tree", "drafts", 3),
                List.of(reply(program("Sample.", SAMPLE), 90, 10), reply(program("Fails.", BUGGY), 90, 10),
                        reply(program("Constant.", CONSTANT), 90, 10)));
        JsonPath s = run(agent, Map.of("max_steps", 10, "max_tokens", 150));
        assertThat(s.getString("episodes[0].state")).as(s.prettify()).isEqualTo("finished");
        assertThat(s.getString("episodes[0].endReason")).contains("token budget exhausted (200 of 150 tokens used)");
        assertThat(s.getInt("episodes[0].result.steps")).isEqualTo(3);
        assertThat(s.getBoolean("episodes[0].result.valid")).isTrue();
        assertThat(s.getInt("episodes[0].result.submission")).isEqualTo(1);
    }

    @Test
    void the_tree_settings_are_checked_at_registration() {
        List<Map<String, Object>> replay = List.of(reply(program("x", SAMPLE), 1, 1));
        record Bad(Map<String, Object> settings, String field, String message) {
        }
        for (Bad bad : List.of(
                new Bad(Map.of("scaffold", "beam"), "config.scaffold", "'scaffold' is 'linear'"),
                new Bad(Map.of("scaffold", "tree", "drafts", 0), "config.drafts", "between 1 and 20"),
                new Bad(Map.of("scaffold", "tree", "drafts", 2.5), "config.drafts", "whole number"),
                new Bad(Map.of("scaffold", "tree", "max_debug_depth", 11), "config.max_debug_depth", "between 0 and 10"),
                new Bad(Map.of("scaffold", "tree", "debug_probability", 1.5), "config.debug_probability",
                        "between 0 and 1"),
                new Bad(Map.of("scaffold", "tree", "debug_probability", "often"), "config.debug_probability",
                        "between 0 and 1"),
                new Bad(Map.of("drafts", 3), "config.drafts", "setting of the tree-search scaffold"))) {
            given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                    .body(Map.of("name", "bad-" + UUID.randomUUID().toString().substring(0, 8), "kind", "scaffold",
                            "config", config(bad.settings(), replay)))
                    .post("/api/v1/agents").then().statusCode(400).contentType("application/problem+json")
                    .body("field", equalTo(bad.field())).body("detail", containsString(bad.message()));
        }
        // the linear scaffold stays the default, and may be named
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", "linear-" + UUID.randomUUID().toString().substring(0, 8), "kind", "scaffold",
                        "config", config(Map.of("scaffold", "linear"), replay)))
                .post("/api/v1/agents").then().statusCode(201).body("versions[0].config.scaffold", equalTo("linear"));
    }
}
