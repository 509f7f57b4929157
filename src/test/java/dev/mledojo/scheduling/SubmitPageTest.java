package dev.mledojo.scheduling;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mledojo.episode.GatedAgentFactory;
import dev.mledojo.testing.PageSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The new-submission form ({@code /me/submissions/new}): remaining quota, a submission created and the browser sent
 * (303) to its live page with queue position and ETA, suites by tasks, tag and domain, mistakes shown next to their
 * field with what was typed, CSRF, another user's agent, and bad bytes that never give a server error.
 */
@QuarkusTest
class SubmitPageTest {

    private static final String TASK = "practice-tabular-binary";
    private static final AtomicInteger N = new AtomicInteger();

    @Inject
    SubmissionService submissions;

    private static String agent(String user, String kind, Map<String, Object> config) {
        String name = "submit-form-" + Long.toString(System.nanoTime(), 36) + N.incrementAndGet();
        given().auth().preemptive().basic(user, user).contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", kind, "config", config)).post("/api/v1/agents").then().statusCode(201);
        return name;
    }

    private static String baseline(String user) {
        return agent(user, "baseline", Map.of("baseline", "sample_submission"));
    }

    private static RequestSpecification form(PageSession s) {
        return s.request().contentType(ContentType.URLENC).formParam("csrf-token", s.token);
    }

    private static long submissionId(Response created) {
        created.then().statusCode(303).header("Location", containsString("/submissions/"));
        Matcher m = Pattern.compile("/submissions/(\\d+)$").matcher(created.getHeader("Location"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static void cancel(String user, long id) {
        given().auth().preemptive().basic(user, user).delete("/api/v1/submissions/" + id).then().statusCode(200);
    }

    private int mine(String user) {
        return submissions.mine(user, 1000).size();
    }

    @Test
    void visitors_are_sent_to_sign_in() {
        given().redirects().follow(false).accept(ContentType.HTML).get("/me/submissions/new").then()
                .statusCode(anyOf(equalTo(302), equalTo(303))).header("Location", containsString("/login"));
    }

    @Test
    void the_form_offers_the_users_agents_ready_tasks_tags_domains_and_shows_the_remaining_quota() {
        String name = baseline("demo");
        PageSession demo = PageSession.signIn("demo", "/me/submissions/new");
        SubmissionService.QuotaLeft quota = submissions.quota("demo");
        demo.request().get("/me/submissions/new?agent=" + name).then().statusCode(200)
                .body(containsString("<option value=\"" + name + "\" selected>"))
                .body(containsString("name=\"csrf-token\" value=\"" + demo.token + "\""))
                .body(containsString("name=\"idempotency_key\" value=\""))
                .body(containsString("<strong id=\"quota-left\">" + quota.episodesLeft() + "</strong> more episode(s) now"))
                .body(containsString(quota.queued() + " of " + quota.queuedLimit() + " queued"))
                .body(containsString(quota.today() + " of " + quota.perDay() + " started today"))
                .body(containsString("name=\"suite.tasks\" value=\"" + TASK + "\""))
                .body(containsString("<option value=\"practice\">practice</option>"))
                .body(containsString("<option value=\"tabular\">tabular</option>"));

        // the quota shown is the user's own: an admin's override appears on carol's form, and her submission is refused
        String carols = baseline("carol");
        try {
            given().auth().preemptive().basic("admin", "admin").contentType(ContentType.JSON)
                    .body(Map.of("queued_episodes", 0)).put("/api/v1/admin/users/carol/quota").then().statusCode(200);
            PageSession carol = PageSession.signIn("carol", "/me/submissions/new");
            carol.request().get("/me/submissions/new").then().statusCode(200)
                    .body(containsString("<strong id=\"quota-left\">0</strong> more episode(s) now"))
                    .body(containsString("of 0 queued"));
            int before = mine("carol");
            Response refused = form(carol).formParam("agent", carols).formParam("suite", "tasks")
                    .formParam("suite.tasks", TASK).formParam("seeds", "1").post("/me/submissions/new");
            refused.then().statusCode(400).contentType(ContentType.HTML);
            assertThat(fieldError(refused.asString(), "suite")).contains("may have at most 0");
            assertThat(mine("carol")).isEqualTo(before);
        } finally {
            Map<String, Object> defaults = new HashMap<>();
            defaults.put("queued_episodes", null);
            given().auth().preemptive().basic("admin", "admin").contentType(ContentType.JSON).body(defaults)
                    .put("/api/v1/admin/users/carol/quota").then().statusCode(200);
        }
    }

    @Test
    void a_submission_is_created_and_the_browser_sent_to_its_live_page() {
        String name = baseline("demo");
        PageSession demo = PageSession.signIn("demo", "/me/submissions/new");
        String key = "form-key-" + System.nanoTime();
        Response created = form(demo).formParam("idempotency_key", key).formParam("agent", name).formParam("version", "1")
                .formParam("suite", "tasks").formParam("suite.tasks", TASK).formParam("seeds", "1")
                .formParam("budget.max_steps", "3").formParam("budget.wall_time_s", "600")
                .formParam("budget.max_tokens", "1000").formParam("budget.max_cost", "0.5").post("/me/submissions/new");
        long id = submissionId(created);
        try {
            given().auth().preemptive().basic("demo", "demo").get("/api/v1/submissions/" + id).then().statusCode(200)
                    .body("agent", equalTo(name)).body("version", equalTo(1)).body("suite", equalTo(List.of(TASK)))
                    .body("seeds", equalTo(1)).body("episodes.size()", equalTo(1));
            demo.request().cookie("dojo-flash", created.getCookie("dojo-flash")).get("/submissions/" + id).then()
                    .statusCode(200).body(containsString("Submission " + id + " is queued: 1 episode(s) of " + name + " v1."))
                    .body(containsString("id=\"queue\"")).body(containsString(TASK))
                .body(containsString("href=\"/api/v1/datasets/submissions/" + id + "/rl.jsonl\""))
                .body(containsString("/datasets?scope=submission&amp;submission=" + id));
            // the same form sent again (a double click, a reload) creates nothing new
            int before = mine("demo");
            Response again = form(demo).formParam("idempotency_key", key).formParam("agent", name)
                    .formParam("suite", "tasks").formParam("suite.tasks", TASK).post("/me/submissions/new");
            assertThat(submissionId(again)).isEqualTo(id);
            assertThat(mine("demo")).isEqualTo(before);
        } finally {
            cancel("demo", id);
        }
    }

    @Test
    void suites_by_tag_and_by_domain() {
        String name = baseline("demo");
        PageSession demo = PageSession.signIn("demo", "/me/submissions/new");
        long byTag = submissionId(form(demo).formParam("agent", name).formParam("suite", "tag").formParam("suite.tag", "practice")
                .formParam("suite.domain", "nlp").formParam("suite.tasks", TASK).formParam("budget.max_steps", "1")
                .post("/me/submissions/new"));
        cancel("demo", byTag);
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/submissions/" + byTag).then()
                .body("suite", hasItems("practice-tabular-binary", "practice-tabular-regression",
                        "practice-text-classification", "practice-timeseries-forecasting"));
        long byDomain = submissionId(form(demo).formParam("agent", name).formParam("suite", "domain")
                .formParam("suite.domain", "tabular").formParam("budget.max_steps", "1").post("/me/submissions/new"));
        cancel("demo", byDomain);
        List<String> suite = given().auth().preemptive().basic("demo", "demo").get("/api/v1/submissions/" + byDomain).then()
                .extract().jsonPath().getList("suite", String.class);
        assertThat(suite).contains("practice-tabular-binary", "practice-tabular-regression")
                .doesNotContain("practice-text-classification");
    }

    @Test
    void the_submission_page_shows_queue_position_and_eta_while_episodes_wait() {
        GatedAgentFactory.GATE.drainPermits(); // no permit left over by another test: the agent waits for this one
        String name = agent("demo", "gated", Map.of("script", List.of("get_history")));
        PageSession demo = PageSession.signIn("demo", "/me/submissions/new");
        // five episodes of an agent that waits for the test: the platform runs at most two of one user at once
        long id = submissionId(form(demo).formParam("agent", name).formParam("suite", "tasks").formParam("suite.tasks", TASK)
                .formParam("seeds", "5").post("/me/submissions/new"));
        try {
            String page = demo.request().get("/submissions/" + id).then().statusCode(200).extract().asString();
            assertThat(page).contains("episode(s) waiting · next in queue at").contains("id=\"queue-position\"")
                    .contains("expected to start in about");
            Matcher eta = Pattern.compile("<strong id=\"queue-eta\">(\\d+ (s|min))</strong>").matcher(page);
            assertThat(eta.find()).as("an ETA on the page").isTrue();
            Matcher position = Pattern.compile("<strong id=\"queue-position\">(\\d+)</strong>").matcher(page);
            assertThat(position.find()).isTrue();
            assertThat(Integer.parseInt(position.group(1))).isPositive();
        } finally {
            cancel("demo", id);
            GatedAgentFactory.GATE.release(10); // running ones finish their step and see the cancellation
        }
        demo.request().get("/submissions/" + id).then().statusCode(200)
                .body(containsString("Nothing of this submission waits in the queue."));
    }

    @Test
    void mistakes_show_the_form_again_with_what_was_typed_and_the_message_next_to_the_field() {
        String name = baseline("demo");
        PageSession demo = PageSession.signIn("demo", "/me/submissions/new");
        int before = mine("demo");

        Response seeds = form(demo).formParam("agent", name).formParam("suite", "tasks").formParam("suite.tasks", TASK)
                .formParam("seeds", "11").formParam("budget.max_steps", "7").formParam("budget.max_cost", "2.5")
                .post("/me/submissions/new");
        seeds.then().statusCode(400).contentType(ContentType.HTML).body(containsString("value=\"11\""))
                .body(containsString("value=\"7\"")).body(containsString("value=\"2.5\""))
                .body(containsString("value=\"" + TASK + "\" checked"))
                .body(containsString("<option value=\"" + name + "\" selected>"))
                .body(containsString("nothing was submitted"));
        assertThat(fieldError(seeds.asString(), "seeds")).contains("seeds must be between 1 and 10");

        Response words = form(demo).formParam("agent", name).formParam("suite", "tasks").formParam("suite.tasks", TASK)
                .formParam("seeds", "many").post("/me/submissions/new");
        words.then().statusCode(400);
        assertThat(fieldError(words.asString(), "seeds")).contains("'many' is not a whole number");

        assertThat(fieldError(form(demo).formParam("agent", name).formParam("suite", "tasks").formParam("suite.tasks", TASK)
                .formParam("budget.max_steps", "0").post("/me/submissions/new").asString(), "budget-max_steps"))
                .contains("budget.max_steps must be between 1 and");
        assertThat(fieldError(form(demo).formParam("agent", name).formParam("suite", "tasks").formParam("suite.tasks", TASK)
                .formParam("budget.wall_time_s", "-5").post("/me/submissions/new").asString(), "budget-wall_time_s"))
                .contains("at least 1 second");
        assertThat(fieldError(form(demo).formParam("agent", name).formParam("suite", "tasks").formParam("suite.tasks", TASK)
                .formParam("budget.max_cost", "NaN").post("/me/submissions/new").asString(), "budget-max_cost"))
                .contains("'NaN' is not a number");
        assertThat(fieldError(form(demo).formParam("agent", name).formParam("suite", "tasks").post("/me/submissions/new")
                .asString(), "suite")).contains("The suite names tasks, a tag, a domain");
        assertThat(fieldError(form(demo).formParam("agent", name).formParam("suite", "tasks").formParam("suite.tasks", "no-such-task")
                .post("/me/submissions/new").asString(), "suite")).contains("[no-such-task]");
        Response domain = form(demo).formParam("agent", name).formParam("suite", "domain").formParam("suite.domain", "space")
                .post("/me/submissions/new");
        domain.then().statusCode(400).body(containsString("name=\"suite\" value=\"domain\" checked"));
        assertThat(fieldError(domain.asString(), "suite-domain")).contains("There is no domain 'space'");
        assertThat(fieldError(form(demo).formParam("agent", name).formParam("version", "9").formParam("suite", "tasks")
                .formParam("suite.tasks", TASK).post("/me/submissions/new").asString(), "version")).contains("has no version 9");

        assertThat(fieldError(form(demo).formParam("suite", "tasks").formParam("suite.tasks", TASK)
                .post("/me/submissions/new").asString(), "agent")).contains("Choose one of your agents");

        assertThat(mine("demo")).as("nothing was submitted").isEqualTo(before);
        // the API names the same field in its problem JSON
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("agent", name, "suite", Map.of("tasks", List.of(TASK)), "seeds", 11)).post("/api/v1/submissions")
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("seeds"));
    }

    @Test
    void another_users_agent_cannot_be_submitted() {
        String carols = baseline("carol");
        PageSession demo = PageSession.signIn("demo", "/me/submissions/new");
        assertThat(demo.request().get("/me/submissions/new").asString()).doesNotContain(carols);
        int before = mine("demo");
        int carolsBefore = mine("carol");
        Response refused = form(demo).formParam("agent", carols).formParam("suite", "tasks").formParam("suite.tasks", TASK)
                .post("/me/submissions/new");
        refused.then().statusCode(400).contentType(ContentType.HTML);
        assertThat(fieldError(refused.asString(), "agent")).contains("You have no agent '" + carols + "'");
        assertThat(mine("demo")).isEqualTo(before);
        assertThat(mine("carol")).isEqualTo(carolsBefore);
    }

    @Test
    void a_form_without_the_csrf_token_is_refused_and_changes_nothing() {
        String name = baseline("demo");
        PageSession demo = PageSession.signIn("demo", "/me/submissions/new");
        int before = mine("demo");
        demo.request().contentType(ContentType.URLENC).formParam("agent", name).formParam("suite", "tasks")
                .formParam("suite.tasks", TASK).post("/me/submissions/new").then().statusCode(403)
                .contentType(ContentType.HTML).body(containsString("Form refused"));
        demo.requestWithoutCsrfCookie().contentType(ContentType.URLENC).formParam("csrf-token", demo.token)
                .formParam("agent", name).formParam("suite", "tasks").formParam("suite.tasks", TASK)
                .post("/me/submissions/new").then().statusCode(403);
        assertThat(mine("demo")).isEqualTo(before);
    }

    @Test
    void bad_bytes_and_huge_values_are_refused_without_a_server_error() {
        String name = baseline("demo");
        PageSession demo = PageSession.signIn("demo", "/me/submissions/new");
        int before = mine("demo");
        Response nulAgent = form(demo).formParam("agent", "a\u0000b").formParam("suite", "tasks").formParam("suite.tasks", TASK)
                .post("/me/submissions/new");
        nulAgent.then().statusCode(400).contentType(ContentType.HTML);
        assertThat(fieldError(nulAgent.asString(), "agent")).contains("You have no agent 'a?b'");
        assertThat(fieldError(form(demo).formParam("agent", name).formParam("suite", "tasks").formParam("suite.tasks", "x\u0000")
                .post("/me/submissions/new").asString(), "suite")).contains("cannot run episodes");
        form(demo).formParam("agent", name).formParam("suite", "tag").formParam("suite.tag", "\u0000")
                .post("/me/submissions/new").then().statusCode(400).body(containsString("id=\"suite-tag-error\""));
        form(demo).formParam("idempotency_key", "k\u0000").formParam("agent", name).formParam("suite", "tasks")
                .formParam("suite.tasks", TASK).post("/me/submissions/new").then().statusCode(400)
                .body(containsString("Idempotency-Key"));
        assertThat(fieldError(form(demo).formParam("agent", name).formParam("suite", "tasks").formParam("suite.tasks", TASK)
                .formParam("seeds", "9".repeat(40)).post("/me/submissions/new").asString(), "seeds"))
                .contains("is not a whole number");
        assertThat(mine("demo")).isEqualTo(before);
    }

    /** The message shown next to a field (the element its {@code aria-describedby} points at). */
    static String fieldError(String html, String id) {
        assertThat(html).contains("aria-describedby=\"" + id + "-error\"");
        Matcher m = Pattern.compile("<span class=\"field-error\" id=\"" + Pattern.quote(id) + "-error\">([^<]*)</span>")
                .matcher(html);
        assertThat(m.find()).as("a message next to " + id).isTrue();
        return m.group(1).replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
