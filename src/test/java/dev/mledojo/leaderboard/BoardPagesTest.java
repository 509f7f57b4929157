package dev.mledojo.leaderboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mledojo.grading.Medal;
import dev.mledojo.task.TaskService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The board pages and their JSON/CSV mirrors on a constructed board: two public agents of demo on two tasks (one
 * better on both) and a private agent of carol, shown to carol and admins only, on every page, export and API.
 */
@QuarkusTest
class BoardPagesTest {

    static final String TABULAR = "practice-tabular-binary";
    static final String NLP = "practice-text-classification";

    @Inject
    TaskService tasks;

    @Inject
    BoardProjector projector;

    String strong;
    String weak;
    String secret;

    @BeforeEach
    void board() {
        strong = BoardFixture.agent(tasks, "demo", "strong", true, List.of(
                new BoardFixture.Run(TABULAR, 0.9, 0.95, Medal.GOLD), new BoardFixture.Run(TABULAR, 0.8, 0.9, Medal.NONE),
                new BoardFixture.Run(NLP, 0.7, 0.8, Medal.NONE)));
        weak = BoardFixture.agent(tasks, "demo", "weak", true, List.of(
                new BoardFixture.Run(TABULAR, 0.2, 0.6, Medal.NONE), new BoardFixture.Run(NLP, 0.1, 0.5, Medal.NONE)));
        secret = BoardFixture.agent(tasks, "carol", "secret", false, List.of(
                new BoardFixture.Run(TABULAR, 0.5, 0.7, Medal.NONE)));
        projector.project();
        await().atMost(Duration.ofSeconds(60)).until(() -> json("admin", "/api/v1/leaderboards/overall?limit=500")
                .getList("rows.agent").containsAll(List.of(strong, weak, secret)));
    }

    static RequestSpecification as(String user) {
        return user == null ? given() : given().auth().preemptive().basic(user, user);
    }

    static JsonPath json(String user, String path) {
        return as(user).get(path).then().statusCode(200).extract().jsonPath();
    }

    static String page(String user, String path) {
        return as(user).accept(ContentType.HTML).get(path).then().statusCode(200).contentType(ContentType.HTML)
                .extract().asString();
    }

    @Test
    void theBoardCarriesEveryStatisticWithItsInterval() {
        JsonPath board = json(null, "/api/v1/leaderboards/overall?limit=500");
        Map<String, Object> s = board.getMap("rows.find { it.agent == '" + strong + "' }");
        Map<String, Object> w = board.getMap("rows.find { it.agent == '" + weak + "' }");
        assertThat(((Number) s.get("humanRank")).doubleValue()).isCloseTo((0.85 + 0.7) / 2, org.assertj.core.api.Assertions.within(1e-6));
        assertThat((Map<String, Object>) s.get("domains")).containsKeys("tabular", "nlp");
        if (board.getBoolean("eloIdentified")) { // other classes' agents share this board and may leave Elo undefined
            assertThat(((Number) s.get("elo")).doubleValue()).isGreaterThan(((Number) w.get("elo")).doubleValue());
        } else {
            assertThat(board.getList("rows.elo")).containsOnlyNulls();
        }
        assertThat(((Number) s.get("anyMedal")).doubleValue()).isPositive();
        assertThat(s.get("source")).isEqualTo("verified");
        assertThat(s.get("seedsMax")).isEqualTo(2);
        assertThat(board.getString("cohort")).isEqualTo("public");
        assertThat(board.getList("rows.agent")).doesNotContain(secret);

        // a domain board and a split-tag board; the paper's rows only where a paper domain matches
        assertThat(json(null, "/api/v1/leaderboards/domain:nlp").getList("rows.agent")).contains(strong, weak)
                .doesNotContain(secret);
        JsonPath practice = json(null, "/api/v1/leaderboards/tag:practice?limit=500");
        assertThat(practice.getString("title")).isEqualTo("Practice");
        assertThat(practice.getList("rows.source")).doesNotContain("reported");
        JsonPath lite = json(null, "/api/v1/leaderboards/tag:mle-lite?source=reported");
        assertThat(lite.getList("rows.agent")).hasSize(8).contains("Gemini-2.5-Pro");
        assertThat(lite.getList("rows.low")).containsOnlyNulls();
    }

    @Test
    void badQueriesAreClearErrors() {
        given().get("/api/v1/leaderboards/nope").then().statusCode(404).body("type", endsWith("/unknown-board"));
        given().get("/api/v1/leaderboards/overall?metric=luck").then().statusCode(400)
                .body("type", endsWith("/invalid-query")).body("detail", containsString("humanrank"));
        given().get("/api/v1/leaderboards/overall?cursor=%00%00").then().statusCode(400)
                .body("type", endsWith("/invalid-cursor"));
        given().get("/api/v1/leaderboards/overall?limit=0").then().statusCode(400).body("type", endsWith("/invalid-query"));
        given().get("/api/v1/leaderboards/overall?format=xml").then().statusCode(400).body("type", endsWith("/invalid-query"));
        given().accept(ContentType.HTML).get("/leaderboard?metric=luck").then().statusCode(400)
                .contentType(ContentType.HTML).body(containsString("humanrank"));
        given().get("/api/v1/leaderboards/compare?agents=demo/" + strong).then().statusCode(400)
                .body("detail", containsString("2 to 4"));
    }

    @Test
    void csvAndCursorPagesMirrorTheBoard() {
        String csv = given().get("/api/v1/leaderboards/overall?format=csv").then().statusCode(200)
                .contentType(startsWith("text/csv")).header("Content-Disposition", containsString(".csv"))
                .extract().asString();
        assertThat(csv).startsWith("rank,rank_low,rank_high,agent,owner").contains(strong).doesNotContain(secret);
        assertThat(as("carol").get("/api/v1/leaderboards/overall?format=csv").then().statusCode(200).extract().asString())
                .contains(secret);

        JsonPath first = json(null, "/api/v1/leaderboards/overall?limit=1");
        assertThat(first.getList("rows")).hasSize(1);
        assertThat(first.getInt("total")).isGreaterThanOrEqualTo(2);
        String cursor = first.getString("nextCursor");
        JsonPath second = json(null, "/api/v1/leaderboards/overall?limit=1&version=" + first.getLong("version")
                + "&cursor=" + cursor);
        assertThat(second.getString("rows[0].agent") + second.getInt("rows[0].version"))
                .isNotEqualTo(first.getString("rows[0].agent") + first.getInt("rows[0].version"));
    }

    @Test
    void everyTableDownloadsAsCsvAndJson() {
        String pair = "agents=demo/" + strong + ",demo/" + weak;
        assertThat(csv("/api/v1/leaderboards/domains?format=csv")).startsWith("agent,owner,version,domain,human_rank")
                .contains(strong + ",demo,1,domain:nlp,0.7").doesNotContain(secret);
        assertThat(json(null, "/api/v1/leaderboards/domains").getList("domains.scope")).contains("domain:nlp",
                "domain:tabular");
        assertThat(csv("/api/v1/leaderboards/overall/pairwise?format=csv"))
                .startsWith("agent,opponent,win_rate,common_tasks").contains("demo/" + strong + " v1,demo/" + weak
                        + " v1,1.0,2,");
        assertThat(csv("/api/v1/leaderboards/compare?" + pair + "&format=csv")).startsWith("task,domain,demo/" + strong)
                .contains(TABULAR + ",tabular,0.85");
        assertThat(csv("/api/v1/leaderboards/agents/demo/" + strong + "?format=csv"))
                .startsWith("version,task,domain,seed,episode,human_rank").contains(",0.9,true,0.95,gold,");
        assertThat(as(null).get("/api/v1/leaderboards/agents/carol/" + secret + "?format=csv").then().statusCode(404)
                .extract().asString()).doesNotContain("0.7");
        // the per-task table of /compare sorts on request: by task (tabular-binary < text-classification), by domain
        String byTask = page(null, "/compare?" + pair + "&sort=task");
        String tasks = byTask.substring(byTask.indexOf("id=\"per-task\""));
        assertThat(tasks.indexOf("/tasks/" + TABULAR)).isLessThan(tasks.indexOf("/tasks/" + NLP)).isPositive();
        String byDomain = page(null, "/compare?" + pair + "&sort=domain");
        String domains = byDomain.substring(byDomain.indexOf("id=\"per-task\""));
        assertThat(domains.indexOf("/tasks/" + NLP)).isLessThan(domains.indexOf("/tasks/" + TABULAR)).isPositive();
    }

    static String csv(String path) {
        return given().get(path).then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString(".csv")).extract().asString();
    }

    @Test
    void everyPageRendersTheBoardAndLinksToTheRunsBehindIt() {
        assertThat(page(null, "/")).contains("Top of the board", strong, "How good are LLM agents").doesNotContain(secret);
        assertThat(page(null, "/leaderboard?board=overall&metric=elo"))
                .contains("<svg class=\"chart forest\"", strong, "verified run", "format=csv").doesNotContain(secret);
        assertThat(page(null, "/leaderboard?board=tag:mle-lite"))
                .contains("reported by the MLE-Dojo paper (not run on this platform)", "Gemini-2.5-Pro");
        assertThat(page(null, "/leaderboard/domains")).contains(strong, "NLP").doesNotContain(secret);
        assertThat(page(null, "/leaderboard/pairwise")).contains(strong, "Observed win rate").doesNotContain(secret);
        // baselines cost nothing: the best of them is the whole frontier
        assertThat(page(null, "/leaderboard/cost")).contains("on-frontier", strong).doesNotContain(secret);
        assertThat(page(null, "/paper")).contains("Reproducing MLE-Dojo", "Gemini-2.5-Pro", "61.95", "mle-dojo-eval");
        String agent = page(null, "/agents/demo/" + strong);
        assertThat(agent).contains(strong, "/episodes/", "/tasks/" + TABULAR, "Anytime performance");
        // the agent's training data, linked from its page: its three finished runs, one SFT line each
        String sft = "/api/v1/datasets/agents/demo/" + strong + "/sft.jsonl";
        assertThat(agent).contains("href=\"" + sft + "\"", "/datasets?scope=agent&amp;agent=demo/" + strong);
        String lines = as(null).accept("*/*").get(sft).then().statusCode(200).header("X-Total-Episodes", "3")
                .extract().asString();
        assertThat(lines.lines().map(l -> l.contains("\"name\":\"" + strong + "\"")).toList())
                .containsExactly(true, true, true);
        String compare = page(null, "/compare?agents=demo/" + strong + ",demo/" + weak);
        assertThat(compare).contains("Paired differences", TABULAR, NLP, "2 / 0 / 0", "<svg class=\"chart scatter\"");
        JsonPath paired = json(null, "/api/v1/leaderboards/compare?agents=demo/" + strong + ",demo/" + weak);
        assertThat(paired.getInt("pairs[0].wins")).isEqualTo(2);
        assertThat(paired.getDouble("pairs[0].difference")).isCloseTo((0.85 - 0.2 + 0.7 - 0.1) / 2,
                org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void privateAgentsAppearOnlyToTheirOwnerAndAdminsEverywhere() {
        for (String user : new String[] {null, "demo"}) {
            as(user).accept(ContentType.HTML).get("/agents/carol/" + secret).then().statusCode(404);
            as(user).get("/api/v1/leaderboards/agents/carol/" + secret).then().statusCode(404)
                    .body("type", endsWith("/unknown-agent"));
            as(user).get("/api/v1/leaderboards/compare?agents=demo/" + strong + ",carol/" + secret).then()
                    .statusCode(404);
            for (String path : List.of("/", "/leaderboard", "/leaderboard/domains", "/leaderboard/pairwise",
                    "/leaderboard/cost", "/leaderboard?board=domain:tabular")) {
                assertThat(page(user, path)).as(path).doesNotContain(secret);
            }
            for (String export : List.of("/api/v1/leaderboards/domain:tabular?limit=500",
                    "/api/v1/leaderboards/domain:tabular?format=csv", "/api/v1/leaderboards/domains?format=csv",
                    "/api/v1/leaderboards/domains", "/api/v1/leaderboards/overall/pairwise?format=csv",
                    "/api/v1/leaderboards/overall/pairwise", "/api/v1/leaderboards/tasks/" + TABULAR,
                    "/api/v1/leaderboards/tasks/" + TABULAR + "/distribution")) {
                assertThat(as(user).get(export).then().statusCode(200).extract().asString()).as(export)
                        .doesNotContain(secret);
            }
        }
        for (String user : new String[] {"carol", "admin"}) {
            assertThat(page(user, "/agents/carol/" + secret)).contains(secret, "private");
            assertThat(page(user, "/leaderboard")).contains(secret);
            assertThat(page(user, "/leaderboard/domains")).contains(secret);
            json(user, "/api/v1/leaderboards/compare?agents=demo/" + strong + ",carol/" + secret);
        }
        // what an owner saw is never served to a visitor from the page cache
        assertThat(page(null, "/leaderboard")).doesNotContain(secret);
        assertThat(as(null).get("/api/v1/leaderboards/overall?limit=500").then().statusCode(200).extract().asString())
                .doesNotContain(secret);
        assertThat(json("carol", "/api/v1/leaderboards/overall?limit=500").getString("cohort")).isEqualTo("public + yours");
        assertThat(json("admin", "/api/v1/leaderboards/overall?limit=500").getString("cohort")).isEqualTo("all");
    }

    @Test
    void reportedResultsCannotBeChangedThroughTheApi() {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            as("carol").contentType(ContentType.JSON).body("{\"rows\": []}").request(method,
                    "/api/v1/leaderboards/tag:mle-lite").then().statusCode(allOf(
                            org.hamcrest.Matchers.greaterThanOrEqualTo(403), not(org.hamcrest.Matchers.equalTo(404))));
        }
        assertThat(json(null, "/api/v1/leaderboards/tag:mle-lite?source=reported").getList("rows.humanRank", Float.class))
                .contains(0.6195f);
    }
}
