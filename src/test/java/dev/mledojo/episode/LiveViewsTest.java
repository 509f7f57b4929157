package dev.mledojo.episode;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Who may watch what, and what the episode viewer, the submission page, "my" pages, the task page's leaderboard and
 * the two event streams show, for episodes of scripted (test-only) agents.
 */
@QuarkusTest
class LiveViewsTest {

    private static final String TASK = "practice-tabular-binary";

    private static RequestSpecification as(String user) {
        RequestSpecification r = given().redirects().follow(false);
        return user == null ? r : r.auth().preemptive().basic(user, user);
    }

    private static void agent(String user, String name, String visibility, List<String> script) {
        int status = as(user).contentType(ContentType.JSON).body(Map.of("name", name, "kind", "scripted", "visibility",
                visibility, "config", Map.of("script", script))).post("/api/v1/agents").then().extract().statusCode();
        assertThat(status).isIn(201, 409);
    }

    /** Submits the agent on the task and waits until its episode is closed; returns the submission. */
    private static JsonPath run(String user, String agent) {
        long id = as(user).contentType(ContentType.JSON).body(Map.of("agent", agent, "suite", Map.of("tasks", List.of(TASK))))
                .post("/api/v1/submissions").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(120)).until(() -> as(user).get("/api/v1/submissions/" + id).then().extract()
                .jsonPath().getDouble("progress") == 1.0);
        return as(user).get("/api/v1/submissions/" + id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void the_episode_viewer_and_its_stream_are_for_the_owner_and_admins() {
        agent("demo", "live-private", "private", List.of("get_history", "request_info"));
        JsonPath submission = run("demo", "live-private");
        String episode = submission.getString("episodes[0].id");

        as("demo").accept(ContentType.HTML).get("/episodes/" + episode).then().statusCode(200)
                .body(containsString("Episode on"))
                .body(containsString("state-finished"))
                .body(containsString("#1 get_history"))
                .body(containsString("#2 request_info"))
                .body(containsString("=== Task Info"))
                .body(containsString("HumanRank over the steps"))
                .body(containsString("id=\"chart-data\""))
                .body(containsString("<h2>Result</h2>"))
                .body(containsString("no valid submission"))
                .body(containsString("live-private v1"))
                .body(containsString("href=\"/submissions/" + submission.getLong("id") + "\""))
                .body(containsString("this agent did not talk to a model"))
                .body(not(containsString("id=\"live\"")));
        as("admin").accept(ContentType.HTML).get("/episodes/" + episode).then().statusCode(200)
                .body(containsString("#2 request_info"));
        as("carol").accept(ContentType.HTML).get("/episodes/" + episode).then().statusCode(403)
                .contentType(ContentType.HTML).body(containsString("belongs to another user"));
        as(null).accept(ContentType.HTML).get("/episodes/" + episode).then().statusCode(303)
                .header("Location", containsString("/login"));
        as("demo").accept(ContentType.HTML).get("/episodes/no-such-episode").then().statusCode(404)
                .contentType(ContentType.HTML).body(containsString("There is no episode"));

        // the stream of a closed episode: every step, then the closed state with the result, then it ends
        String events = as("demo").accept("text/event-stream").get("/api/v1/episodes/" + episode + "/events").then()
                .statusCode(200).extract().asString();
        assertThat(events).contains("event:step").contains("\"action\":\"get_history\"")
                .contains("\"action\":\"request_info\"").contains("event:state").contains("\"closed\":true")
                .contains("\"result\":{");
        assertThat(events.indexOf("\"number\":1")).isLessThan(events.indexOf("\"number\":2"));
        String after = as("admin").accept("text/event-stream").queryParam("after", 2)
                .get("/api/v1/episodes/" + episode + "/events").then().statusCode(200).extract().asString();
        assertThat(after).contains("event:state").doesNotContain("event:step");
        String resumed = as("demo").accept("text/event-stream").header("Last-Event-ID", "1")
                .get("/api/v1/episodes/" + episode + "/events").then().statusCode(200).extract().asString();
        assertThat(resumed).contains("\"action\":\"request_info\"").doesNotContain("\"action\":\"get_history\"");
        as("carol").get("/api/v1/episodes/" + episode + "/events").then().statusCode(403);
        as(null).get("/api/v1/episodes/" + episode + "/events").then().statusCode(401);
        as("demo").get("/api/v1/episodes/no-such-episode/events").then().statusCode(404);
    }

    @Test
    void episodes_of_public_agents_are_visible_to_anyone_but_their_messages_are_not() {
        agent("demo", "live-public", "public", List.of("get_history"));
        String episode = run("demo", "live-public").getString("episodes[0].id");
        as(null).accept(ContentType.HTML).get("/episodes/" + episode).then().statusCode(200)
                .body(containsString("#1 get_history"))
                .body(containsString("shown to its owner and admins only"));
        as("carol").accept(ContentType.HTML).get("/episodes/" + episode).then().statusCode(200);
        assertThat(as(null).get("/api/v1/episodes/" + episode + "/events").then().statusCode(200).extract().asString())
                .contains("\"closed\":true");

        // and the task page's leaderboard lists the public agent for everyone (once the projection has it), with its
        // run linked to the episode (the chart's legend)
        await().atMost(Duration.ofSeconds(30)).until(() -> as(null).accept(ContentType.HTML).get("/tasks/" + TASK)
                .then().extract().asString().contains("live-public"));
        as(null).accept(ContentType.HTML).get("/tasks/" + TASK).then().statusCode(200)
                .body(containsString("Leaderboard on this task"))
                .body(containsString("live-public"))
                .body(containsString("<a href=\"/episodes/" + episode + "\">seed "));
    }

    @Test
    void the_task_leaderboard_follows_the_viewers_visibility() {
        agent("carol", "live-secret", "private", List.of("get_history"));
        run("carol", "live-secret");
        await().atMost(Duration.ofSeconds(30)).until(() -> as("carol").accept(ContentType.HTML).get("/tasks/" + TASK)
                .then().extract().asString().contains("live-secret"));
        as(null).accept(ContentType.HTML).get("/tasks/" + TASK).then().statusCode(200)
                .body(not(containsString("live-secret")));
        as("demo").accept(ContentType.HTML).get("/tasks/" + TASK).then().statusCode(200)
                .body(not(containsString("live-secret")));
        as("carol").accept(ContentType.HTML).get("/tasks/" + TASK).then().statusCode(200)
                .body(containsString("live-secret"));
        as("admin").accept(ContentType.HTML).get("/tasks/" + TASK).then().statusCode(200)
                .body(containsString("live-secret"));
    }

    @Test
    void the_submission_page_my_pages_and_the_progress_stream() {
        agent("demo", "live-sub", "private", List.of("get_history"));
        JsonPath submission = run("demo", "live-sub");
        long id = submission.getLong("id");
        String episode = submission.getString("episodes[0].id");

        as("demo").accept(ContentType.HTML).get("/submissions/" + id).then().statusCode(200)
                .body(containsString("Submission " + id + ": live-sub v1"))
                .body(containsString("id=\"progress\" max=\"1\" value=\"1.0\""))
                .body(containsString("finished 1"))
                .body(containsString("href=\"/episodes/" + episode + "\""))
                .body(containsString(TASK));
        as("admin").accept(ContentType.HTML).get("/submissions/" + id).then().statusCode(200);
        as("carol").accept(ContentType.HTML).get("/submissions/" + id).then().statusCode(403)
                .contentType(ContentType.HTML).body(containsString("belongs to another user"));
        as(null).accept(ContentType.HTML).get("/submissions/" + id).then().statusCode(303)
                .header("Location", containsString("/login"));

        String events = as("demo").accept("text/event-stream").get("/api/v1/submissions/" + id + "/events").then()
                .statusCode(200).extract().asString();
        assertThat(events).contains("\"progress\":1.0").contains("\"state\":\"finished\"").contains(episode);
        as("carol").get("/api/v1/submissions/" + id + "/events").then().statusCode(403);
        as(null).get("/api/v1/submissions/" + id + "/events").then().statusCode(401);

        as("demo").accept(ContentType.HTML).get("/me/submissions").then().statusCode(200)
                .body(containsString("href=\"/submissions/" + id + "\""))
                .body(containsString("live-sub v1"));
        as("carol").accept(ContentType.HTML).get("/me/submissions").then().statusCode(200)
                .body(not(containsString("href=\"/submissions/" + id + "\"")));
        as("demo").accept(ContentType.HTML).get("/me/agents").then().statusCode(200)
                .body(containsString("live-sub")).body(containsString("scripted"));
        as(null).accept(ContentType.HTML).get("/me/submissions").then().statusCode(303)
                .header("Location", containsString("/login"));
    }
}
