package dev.mledojo.leaderboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mledojo.grading.MedalThresholds;
import dev.mledojo.task.TaskService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The task page renders the description as HTML and draws the board as SVG (no script) with the medal thresholds, the
 * median and every visible run linked to its episode; its data link gives the same numbers as JSON. A private agent's
 * runs appear only to its owner and admins, on the page and in the data.
 */
@QuarkusTest
class TaskPageDistributionTest {

    static final String TASK = "practice-tabular-binary";

    @Inject
    TaskService tasks;

    @Inject
    BoardProjector projector;

    /** An agent of {@code owner} with finished runs (HumanRank 0.5) of these raw scores on {@code task}, projected. */
    BoardFixture.Seeded agentWithRuns(String owner, String visibility, String task, double... scores) {
        List<BoardFixture.Run> runs = new ArrayList<>();
        for (double score : scores) {
            runs.add(new BoardFixture.Run(task, 0.5, score, dev.mledojo.grading.Medal.NONE));
        }
        BoardFixture.Seeded seeded = BoardFixture.seed(tasks, owner, visibility, "public".equals(visibility), runs);
        projector.project(); // the scheduled projector may be first: either way the entry appears
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> BoardEntry.count(
                "agentVersionId = ?1 and taskSlug = ?2 and episodes = ?3", seeded.version(), task, scores.length)) == 1);
        return seeded;
    }

    static String page(String user, String task) {
        var request = user == null ? given() : given().auth().preemptive().basic(user, user);
        return request.accept(ContentType.HTML).get("/tasks/" + task).then().statusCode(200)
                .contentType(ContentType.HTML).extract().asString();
    }

    static JsonPath data(String user, String task) {
        var request = user == null ? given() : given().auth().preemptive().basic(user, user);
        return request.get("/api/v1/leaderboards/tasks/" + task + "/distribution").then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath();
    }

    @Test
    void theDescriptionIsHtmlAndTheBoardAnSvgWithThresholdsMedianAndLinkedRuns() {
        BoardFixture.Seeded pub = agentWithRuns("demo", "public", TASK, 0.81, 0.83);
        String html = page(null, TASK);
        // the description's Markdown: headings, a table, code; no longer the raw text
        assertThat(html).contains("<div class=\"prose\">", "<h2>Overview</h2>", "<h2>Data</h2>", "<th>column</th>",
                "<code>train.csv</code>").doesNotContain("## Overview", "<pre class=\"markdown\">");
        // the chart is drawn on the server: readable with JavaScript off
        assertThat(html).doesNotContain("<script").contains("<svg class=\"cdf\"", "<path class=\"curve\" d=\"M",
                "class=\"rule rule-gold\"", "class=\"rule rule-silver\"", "class=\"rule rule-bronze\"",
                "class=\"rule rule-median\"", "gold ≥ ", "median ", "score (higher is better) →");
        for (String episode : pub.episodes()) {
            assertThat(html).contains("<a href=\"/episodes/" + episode + "\" class=\"run\">");
        }
        assertThat(html).contains("<a href=\"/agents/demo/" + pub.name() + "\">" + pub.name() + "</a>",
                "href=\"/api/v1/leaderboards/tasks/" + TASK + "/distribution\"", "href=\"/methodology\"");

        JsonPath d = data(null, TASK);
        MedalThresholds expected = MedalThresholds.of(tasks.privateBoard(TASK), true);
        assertThat(d.getBoolean("higherIsBetter")).isTrue();
        assertThat(d.getInt("entries")).isEqualTo(tasks.privateBoard(TASK).size());
        assertThat(d.getDouble("thresholds.gold")).isCloseTo(expected.gold(), within(1e-6));
        assertThat(d.getDouble("thresholds.median")).isCloseTo(expected.median(), within(1e-6));
        assertThat(d.getList("curve")).hasSize(ScoreDistribution.CURVE_POINTS);
        assertThat(d.getDouble("from")).isLessThan(d.getDouble("to"));
        Map<String, Object> run = d.getMap("markers.find { it.episode == '" + pub.episodes().get(0) + "' }");
        assertThat(run).containsEntry("agent", pub.name()).containsEntry("owner", "demo")
                .containsEntry("episodeUrl", "/episodes/" + pub.episodes().get(0))
                .containsEntry("agentUrl", "/agents/demo/" + pub.name());
        assertThat(((Number) run.get("finalScore")).doubleValue()).isCloseTo(0.81, within(1e-6));

        given().get("/api/v1/leaderboards/tasks/no-such-task/distribution").then().statusCode(404)
                .body("type", endsWith("/unknown-task"));
    }

    @Test
    void aPrivateAgentsRunsAreShownOnlyToItsOwnerAndAdmins() {
        BoardFixture.Seeded secret = agentWithRuns("carol", "private", TASK, 0.79);
        String episode = secret.episodes().get(0);

        String anonymous = page(null, TASK);
        assertThat(anonymous).contains("<svg class=\"cdf\"").doesNotContain(secret.name(), episode);
        assertThat(page("demo", TASK)).doesNotContain(secret.name(), episode);
        assertThat(data(null, TASK).getList("markers.episode")).doesNotContain(episode);
        assertThat(data(null, TASK).getList("markers.agent")).doesNotContain(secret.name());
        given().get("/api/v1/leaderboards/tasks/" + TASK + "/distribution").then().statusCode(200)
                .body(not(containsString(secret.name())));
        assertThat(data("demo", TASK).getList("markers.episode")).doesNotContain(episode);

        assertThat(page("carol", TASK)).contains("<a href=\"/episodes/" + episode + "\" class=\"run\">",
                "<a href=\"/agents/carol/" + secret.name() + "\">");
        assertThat(data("carol", TASK).getList("markers.episode")).contains(episode);
        assertThat(data("admin", TASK).getList("markers.episode")).contains(episode);
    }

    @Test
    void aLowerIsBetterBoardIsDrawnWithTheBestScoresToTheRight() {
        String task = "practice-tabular-regression";
        JsonPath d = data(null, task);
        assertThat(d.getBoolean("higherIsBetter")).isFalse();
        assertThat(d.getDouble("from")).isGreaterThan(d.getDouble("to"));
        assertThat(d.getDouble("thresholds.gold")).isLessThan(d.getDouble("thresholds.median"));
        List<Float> shares = d.getList("curve.share", Float.class);
        assertThat(shares.get(0)).isLessThan(shares.get(shares.size() - 1));
        assertThat(shares.get(shares.size() - 1)).isEqualTo(1.0f);
        assertThat(page(null, task)).contains("gold ≤ ", "score (lower is better; axis reversed) →",
                "so the score axis runs backwards");
    }
}
