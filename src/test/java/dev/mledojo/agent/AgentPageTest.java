package dev.mledojo.agent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.mledojo.testing.PageSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Registering agents and adding versions from {@code /me/agents} without JavaScript: each kind, mistakes shown next
 * to their field with what was typed (never the API key), CSRF, and another user's agent.
 */
@QuarkusTest
class AgentPageTest {

    private static final AtomicInteger N = new AtomicInteger();

    /** Agent names unique per test run (the database outlives one test class). */
    private static String unique(String base) {
        return base + "-" + Long.toString(System.nanoTime(), 36) + N.incrementAndGet();
    }

    private static RequestSpecification form(PageSession s) {
        return s.request().contentType(ContentType.URLENC).formParam("csrf-token", s.token);
    }

    @Test
    void visitors_are_sent_to_sign_in_and_cannot_post() {
        given().redirects().follow(false).accept(ContentType.HTML).get("/me/agents").then()
                .statusCode(anyOf(equalTo(302), equalTo(303))).header("Location", containsString("/login"));
        given().redirects().follow(false).accept(ContentType.HTML).get("/me/agents/anything").then()
                .statusCode(anyOf(equalTo(302), equalTo(303))).header("Location", containsString("/login"));
    }

    @Test
    void the_page_offers_every_kind_the_platform_allows_with_the_csrf_field() {
        PageSession demo = PageSession.signIn("demo", "/me/agents");
        // the test profile enables external programs (dojo.agents.external-processes=true); an admin allows each user
        given().auth().preemptive().basic("admin", "admin").delete("/api/v1/admin/users/demo/external-agents").then()
                .statusCode(200);
        demo.request().get("/me/agents").then().statusCode(200)
                .body(containsString("name=\"kind\" value=\"scaffold\""))
                .body(org.hamcrest.Matchers.not(containsString("name=\"kind\" value=\"external\"")));
        given().auth().preemptive().basic("admin", "admin").put("/api/v1/admin/users/demo/external-agents").then()
                .statusCode(200);
        demo.request().get("/me/agents").then().statusCode(200).body(containsString("Register an agent"))
                .body(containsString("name=\"csrf-token\" value=\"" + demo.token + "\""))
                .body(containsString("name=\"kind\" value=\"baseline\"")).body(containsString("name=\"kind\" value=\"scaffold\""))
                .body(containsString("name=\"kind\" value=\"external\""))
                .body(containsString("<option value=\"sklearn\"")).body(containsString("<option value=\"sample_submission\""))
                .body(containsString("<option value=\"constant\""));
    }

    @Test
    void a_baseline_agent_is_registered_shown_with_its_version_and_gets_a_new_version() {
        PageSession demo = PageSession.signIn("demo", "/me/agents");
        String name = unique("form-baseline");
        Response created = form(demo).formParam("name", name).formParam("kind", "baseline")
                .formParam("visibility", "public").formParam("description", "sample file, handed in")
                .formParam("config.baseline", "sample_submission")
                // another kind's fields are ignored
                .formParam("config.model", "ignored-model").post("/me/agents");
        created.then().statusCode(303).header("Location", containsString("/me/agents/" + name));
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/agents/" + name).then().statusCode(200)
                .body("kind", equalTo("baseline")).body("visibility", equalTo("public"))
                .body("description", equalTo("sample file, handed in"))
                .body("versions.size()", equalTo(1)).body("versions[0].config.baseline", equalTo("sample_submission"))
                .body("versions[0].config.model", equalTo(null));

        demo.request().cookie("dojo-flash", created.getCookie("dojo-flash")).get("/me/agents/" + name).then()
                .statusCode(200).body(containsString("Agent " + name + " is registered (version 1)."))
                .body(containsString("id=\"version-1\"")).body(containsString("Add a version"))
                .body(containsString("action=\"/me/agents/" + name + "/versions\""))
                .body(containsString("<option value=\"sample_submission\" selected>"));
        demo.request().get("/me/agents").then().statusCode(200).body(containsString("id=\"agent-" + name + "\""))
                .body(containsString("sample file, handed in"));

        Response version = form(demo).formParam("config.baseline", "constant").post("/me/agents/" + name + "/versions");
        version.then().statusCode(303).header("Location", containsString("/me/agents/" + name));
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/agents/" + name).then()
                .body("versions.size()", equalTo(2)).body("versions[1].number", equalTo(2))
                .body("versions[1].config.baseline", equalTo("constant"));
        demo.request().get("/me/agents").then().body(containsString("v1, v2"));
    }

    @Test
    void an_llm_scaffold_keeps_its_key_in_the_secret_store_and_never_on_a_page() {
        PageSession demo = PageSession.signIn("demo", "/me/agents");
        String name = unique("form-llm");
        String key = "sk-form-test-" + System.nanoTime();
        form(demo).formParam("name", name).formParam("kind", "scaffold").formParam("visibility", "private")
                .formParam("config.provider", "openai-compatible").formParam("config.base_url", "https://llm.example.test/v1")
                .formParam("config.model", "gpt-test").formParam("config.api_key", key)
                .formParam("config.temperature", "0.2").formParam("config.max_tokens", "800")
                .formParam("config.price_per_1k_prompt", "0.15").formParam("config.price_per_1k_completion", "0.6")
                .post("/me/agents").then().statusCode(303);
        Response api = given().auth().preemptive().basic("demo", "demo").get("/api/v1/agents/" + name);
        api.then().statusCode(200).body("kind", equalTo("scaffold")).body("versions[0].config.model", equalTo("gpt-test"))
                .body("versions[0].config.base_url", equalTo("https://llm.example.test/v1"))
                .body("versions[0].config.temperature", equalTo(0.2f)).body("versions[0].config.max_tokens", equalTo(800))
                .body("versions[0].config.price_per_1k_completion", equalTo(0.6f))
                .body("versions[0].config.api_key_secret", containsString(".api-key"))
                .body("versions[0].config.api_key", equalTo(null));
        assertThat(api.asString()).doesNotContain(key);

        String page = demo.request().get("/me/agents/" + name).then().statusCode(200).extract().asString();
        assertThat(page).doesNotContain(key).contains("api_key=(stored)").contains("value=\"gpt-test\"")
                .contains("name=\"config.api_key\" value=\"\"");
        assertThat(demo.request().get("/me/agents").asString()).doesNotContain(key);

        // a new version with a mistake: the typed values come back, the key does not
        Response bad = form(demo).formParam("config.provider", "openai-compatible").formParam("config.base_url", "ftp://nope")
                .formParam("config.model", "gpt-test-2").formParam("config.api_key", key + "-2")
                .post("/me/agents/" + name + "/versions");
        bad.then().statusCode(400).contentType(ContentType.HTML)
                .body(containsString("id=\"config-base_url-error\""))
                .body(containsString("aria-describedby=\"config-base_url-error\""))
                .body(containsString("value=\"ftp://nope\"")).body(containsString("value=\"gpt-test-2\""));
        assertThat(bad.asString()).doesNotContain(key);
        assertThat(fieldError(bad.asString(), "config-base_url")).contains("base_url");
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/agents/" + name).then().body("versions.size()", equalTo(1));
        // the API names the same field in its problem JSON
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(java.util.Map.of("provider", "openai-compatible", "base_url", "ftp://nope", "model", "m"))
                .post("/api/v1/agents/" + name + "/versions").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("config.base_url"));
    }

    @Test
    void the_form_registers_a_tree_search_scaffold_and_shows_a_bad_setting_next_to_its_field() {
        PageSession demo = PageSession.signIn("demo", "/me/agents");
        String name = unique("form-tree");
        form(demo).formParam("name", name).formParam("kind", "scaffold").formParam("visibility", "private")
                .formParam("config.provider", "openai-compatible").formParam("config.base_url", "https://llm.example.test/v1")
                .formParam("config.model", "gpt-test").formParam("config.scaffold", "tree")
                .formParam("config.drafts", "4").formParam("config.max_debug_depth", "1")
                .formParam("config.debug_probability", "0.25").post("/me/agents").then().statusCode(303);
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/agents/" + name).then().statusCode(200)
                .body("versions[0].config.scaffold", equalTo("tree")).body("versions[0].config.drafts", equalTo(4))
                .body("versions[0].config.max_debug_depth", equalTo(1))
                .body("versions[0].config.debug_probability", equalTo(0.25f));
        String page = demo.request().get("/me/agents/" + name).then().statusCode(200).extract().asString();
        assertThat(page).contains("<option value=\"tree\" selected>").contains("value=\"4\"");

        Response bad = form(demo).formParam("config.provider", "openai-compatible")
                .formParam("config.base_url", "https://llm.example.test/v1").formParam("config.model", "gpt-test")
                .formParam("config.scaffold", "tree").formParam("config.drafts", "0")
                .post("/me/agents/" + name + "/versions");
        bad.then().statusCode(400).contentType(ContentType.HTML).body(containsString("value=\"0\""));
        assertThat(fieldError(bad.asString(), "config-drafts")).contains("'drafts' must be a whole number between 1 and 20");

        // the linear scaffold (the default) stores no scaffold key: its config is as before
        String linear = unique("form-linear");
        form(demo).formParam("name", linear).formParam("kind", "scaffold").formParam("config.provider", "openai-compatible")
                .formParam("config.base_url", "https://llm.example.test/v1").formParam("config.model", "gpt-test")
                .formParam("config.scaffold", "linear").formParam("config.drafts", "7").post("/me/agents").then()
                .statusCode(303);
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/agents/" + linear).then().statusCode(200)
                .body("versions[0].config.scaffold", equalTo(null)).body("versions[0].config.drafts", equalTo(null));
    }

    @Test
    void an_external_program_is_registered_one_argument_per_line() {
        PageSession demo = PageSession.signIn("demo", "/me/agents");
        String name = unique("form-external");
        given().auth().preemptive().basic("admin", "admin").put("/api/v1/admin/users/demo/external-agents").then()
                .statusCode(200);
        form(demo).formParam("name", name).formParam("kind", "external")
                .formParam("config.command", "python3\r\n/opt/agents/my agent.py\r\n\r\n--fast\n").post("/me/agents").then()
                .statusCode(303);
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/agents/" + name).then().statusCode(200)
                .body("kind", equalTo("external")).body("visibility", equalTo("private"))
                .body("versions[0].config.command", equalTo(List.of("python3", "/opt/agents/my agent.py", "--fast")));
        form(demo).formParam("name", unique("form-external")).formParam("kind", "external").formParam("config.command", " \n")
                .post("/me/agents").then().statusCode(400).body(containsString("id=\"config-command-error\""))
                .body(containsString("aria-describedby=\"config-command-error\""));
    }

    @Test
    void mistakes_show_the_form_again_with_what_was_typed_and_the_message_next_to_the_field() {
        PageSession demo = PageSession.signIn("demo", "/me/agents");
        String name = unique("form-mistake");
        Response badName = form(demo).formParam("name", "no spaces please").formParam("kind", "baseline")
                .formParam("description", "kept <as typed>").formParam("config.baseline", "constant").post("/me/agents");
        badName.then().statusCode(400).contentType(ContentType.HTML)
                .body(containsString("aria-describedby=\"name-error\"")).body(containsString("aria-invalid=\"true\""))
                .body(containsString("value=\"no spaces please\"")).body(containsString("kept &lt;as typed&gt;</textarea>"))
                .body(containsString("<option value=\"constant\" selected>")).body(containsString("nothing was saved"));
        assertThat(fieldError(badName.asString(), "name")).contains("Name the agent with letters");

        Response badNumber = form(demo).formParam("name", name).formParam("kind", "scaffold")
                .formParam("config.base_url", "https://llm.example.test/v1").formParam("config.model", "m")
                .formParam("config.temperature", "hot").formParam("config.api_key", "sk-never-echoed").post("/me/agents");
        badNumber.then().statusCode(400).body(containsString("value=\"hot\""))
                .body(containsString("aria-describedby=\"config-temperature-error\""))
                .body(containsString("name=\"kind\" value=\"scaffold\" checked"));
        assertThat(fieldError(badNumber.asString(), "config-temperature")).contains("'hot' is not a number");
        assertThat(badNumber.asString()).doesNotContain("sk-never-echoed");

        Response outOfRange = form(demo).formParam("name", name).formParam("kind", "scaffold")
                .formParam("config.provider", "openai-compatible").formParam("config.base_url", "https://llm.example.test/v1").formParam("config.model", "m")
                .formParam("config.temperature", "7").post("/me/agents");
        outOfRange.then().statusCode(400);
        assertThat(fieldError(outOfRange.asString(), "config-temperature")).contains("between 0.0 and 2.0");

        Response badBaseline = form(demo).formParam("name", name).formParam("kind", "baseline")
                .formParam("config.baseline", "oracle").post("/me/agents");
        badBaseline.then().statusCode(400);
        assertThat(fieldError(badBaseline.asString(), "config-baseline")).contains("unknown baseline 'oracle'");

        Response badKind = form(demo).formParam("name", name).formParam("kind", "wizard").post("/me/agents");
        badKind.then().statusCode(400);
        assertThat(fieldError(badKind.asString(), "kind")).contains("kind must be one of");

        // nothing of it was saved
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/agents/" + name).then().statusCode(404);

        form(demo).formParam("name", name).formParam("kind", "baseline").formParam("config.baseline", "constant")
                .post("/me/agents").then().statusCode(303);
        Response twice = form(demo).formParam("name", name).formParam("kind", "baseline").formParam("config.baseline", "sklearn")
                .post("/me/agents");
        twice.then().statusCode(400);
        assertThat(fieldError(twice.asString(), "name")).contains("You already have an agent '" + name + "'");
    }

    @Test
    void bad_bytes_and_huge_values_are_refused_without_a_server_error() {
        PageSession demo = PageSession.signIn("demo", "/me/agents");
        String name = unique("form-bytes");
        Response nulDescription = form(demo).formParam("name", name).formParam("kind", "baseline")
                .formParam("description", "a\u0000b").formParam("config.baseline", "constant").post("/me/agents");
        nulDescription.then().statusCode(400).contentType(ContentType.HTML);
        assertThat(fieldError(nulDescription.asString(), "description")).contains("plain text");

        form(demo).formParam("name", "x\u0000y").formParam("kind", "baseline").formParam("config.baseline", "constant")
                .post("/me/agents").then().statusCode(400).body(containsString("id=\"name-error\""));

        Response nulModel = form(demo).formParam("name", name).formParam("kind", "scaffold")
                .formParam("config.base_url", "https://llm.example.test/v1").formParam("config.model", "gpt\u0000")
                .post("/me/agents");
        nulModel.then().statusCode(400);
        assertThat(fieldError(nulModel.asString(), "config-model")).contains("control characters");

        Response longDescription = form(demo).formParam("name", name).formParam("kind", "baseline")
                .formParam("description", "d".repeat(2001)).formParam("config.baseline", "constant").post("/me/agents");
        assertThat(longDescription.statusCode()).as("a too long description").isIn(400, 413);
        if (longDescription.statusCode() == 400) {
            assertThat(fieldError(longDescription.asString(), "description")).contains("at most 2000");
        }

        // beyond the form parser's field limit (quarkus.http.limits.max-form-attribute-size): refused before the page
        int huge = form(demo).formParam("name", name).formParam("kind", "baseline").formParam("description", "d".repeat(100_000))
                .formParam("config.baseline", "constant").post("/me/agents").statusCode();
        assertThat(huge).as("a 100k description").isIn(400, 413);

        demo.request().get("/me/agents/x%00y").then().statusCode(404).contentType(ContentType.HTML);
        form(demo).formParam("config.baseline", "constant").post("/me/agents/" + "n".repeat(5000) + "/versions").then()
                .statusCode(anyOf(equalTo(404), equalTo(414)));
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/agents/" + name).then().statusCode(404);
    }

    @Test
    void a_form_without_the_csrf_token_is_refused_and_changes_nothing() {
        PageSession demo = PageSession.signIn("demo", "/me/agents");
        String name = unique("form-csrf");
        demo.request().contentType(ContentType.URLENC).formParam("name", name).formParam("kind", "baseline")
                .formParam("config.baseline", "constant").post("/me/agents").then().statusCode(403)
                .body(containsString("Form refused"));
        demo.request().contentType(ContentType.URLENC).formParam("csrf-token", "AAAAAAAAAAAAAAAAAAAAAA")
                .formParam("name", name).formParam("kind", "baseline").formParam("config.baseline", "constant")
                .post("/me/agents").then().statusCode(403);
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/agents/" + name).then().statusCode(404);

        form(demo).formParam("name", name).formParam("kind", "baseline").formParam("config.baseline", "constant")
                .post("/me/agents").then().statusCode(303);
        demo.request().contentType(ContentType.URLENC).formParam("config.baseline", "sklearn")
                .post("/me/agents/" + name + "/versions").then().statusCode(403);
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/agents/" + name).then()
                .body("versions.size()", equalTo(1));
    }

    @Test
    void another_users_agent_can_be_neither_seen_nor_versioned() {
        PageSession carol = PageSession.signIn("carol", "/me/agents");
        String name = unique("carols");
        form(carol).formParam("name", name).formParam("kind", "baseline").formParam("config.baseline", "constant")
                .post("/me/agents").then().statusCode(303);

        PageSession demo = PageSession.signIn("demo", "/me/agents");
        demo.request().get("/me/agents/" + name).then().statusCode(404).contentType(ContentType.HTML);
        form(demo).formParam("config.baseline", "sklearn").post("/me/agents/" + name + "/versions").then().statusCode(404)
                .contentType(ContentType.HTML).body(containsString("You have no agent"));
        assertThat(demo.request().get("/me/agents").asString()).doesNotContain(name);
        given().auth().preemptive().basic("carol", "carol").get("/api/v1/agents/" + name).then()
                .body("versions.size()", equalTo(1)).body("versions[0].config.baseline", equalTo("constant"));
        // demo may register the same name: names are per owner
        form(demo).formParam("name", name).formParam("kind", "baseline").formParam("config.baseline", "sklearn")
                .post("/me/agents").then().statusCode(303);
        carol.request().get("/me/agents/" + name).then().statusCode(200).body(containsString("id=\"version-1\""))
                .body(not(containsString("id=\"version-2\""))).body(containsString("<option value=\"constant\" selected>"));
    }

    /** The message shown next to a field (the element its {@code aria-describedby} points at). */
    static String fieldError(String html, String id) {
        assertThat(html).contains("aria-describedby=\"" + id + "-error\"");
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<span class=\"field-error\" id=\"" + java.util.regex.Pattern.quote(id) + "-error\">([^<]*)</span>")
                .matcher(html);
        assertThat(m.find()).as("a message next to " + id).isTrue();
        return m.group(1).replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
