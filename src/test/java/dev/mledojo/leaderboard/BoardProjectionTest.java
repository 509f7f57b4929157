package dev.mledojo.leaderboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mledojo.agent.AgentVersion;
import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeResult;
import dev.mledojo.episode.EpisodeState;
import dev.mledojo.episode.FailureReason;
import dev.mledojo.scheduling.Submission;
import dev.mledojo.task.TaskService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The board reads a projection written as episodes end: runs the agent failed count as 0, the platform's failures
 * (retried) are not counted, a rebuild by an admin gives the same board under a newer version, and nobody else may
 * rebuild; the board of an earlier version stays readable as a snapshot.
 */
@QuarkusTest
class BoardProjectionTest {

    static final String TASK = "practice-tabular-binary";

    @Inject
    TaskService tasks;

    @Inject
    BoardProjector projector;

    record Made(String agent, long version) {
    }

    Made agentWithEpisodes() {
        var task = tasks.currentVersion(TASK).orElseThrow();
        String name = "proj-" + UUID.randomUUID().toString().substring(0, 8);
        return QuarkusTransaction.requiringNew().call(() -> {
            dev.mledojo.testing.TestAgents.Made made = dev.mledojo.testing.TestAgents.withSubmission("demo", name,
                    true, List.of(TASK), 3, 1, "active");
            AgentVersion v = made.version();
            Submission s = made.submission();
            Episode[] e = new Episode[4];
            for (int i = 0; i < 4; i++) {
                e[i] = Episode.queued("demo", task.id(), TASK, Math.min(i, 2), 1, 60, s.id, v.id, "baseline", 0, "split");
                e[i].persist();
            }
            finish(e[0], 0.8, 0.71);
            e[1].fail(FailureReason.AGENT_ERROR, "the agent failed: boom");
            e[2].fail(FailureReason.INFRA_ERROR, "the node went away"); // retried as e[3]
            finish(e[3], 0.5, 0.64);
            return new Made(name, v.id);
        });
    }

    static void finish(Episode e, double humanRank, double score) {
        e.state = EpisodeState.FINISHED;
        e.endedAt = Instant.now();
        e.result = new EpisodeResult(true, 1, score, score, score, humanRank, humanRank, humanRank, null, true, 1, 1, 5,
                "the agent stopped", "v1", null);
    }

    static JsonPath board(String user) {
        var request = user == null ? given() : given().auth().preemptive().basic(user, user);
        return request.queryParam("limit", 500).get("/api/v1/leaderboards/overall").then().statusCode(200).extract()
                .jsonPath();
    }

    @Test
    void runsTheAgentFailedCountAsZeroThePlatformsFailuresNotAndARebuildGivesTheSameBoard() {
        Made made = agentWithEpisodes();
        projector.project(); // the scheduled projector may be first: either way the entry appears
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                BoardEntry.count("agentVersionId = ?1 and taskSlug = ?2 and episodes = 3", made.version(), TASK)) == 1);
        BoardEntry entry = QuarkusTransaction.requiringNew().call(() -> BoardEntry.<BoardEntry>find(
                "agentVersionId = ?1 and taskSlug = ?2", made.version(), TASK).firstResult());
        assertThat(entry.valid).isEqualTo(2);
        assertThat(entry.humanRankMean).isCloseTo((0.8 + 0 + 0.5) / 3, within(1e-12));
        assertThat(entry.domain).isEqualTo("tabular");
        assertThat(entry.runs.runs()).extracting(BoardEntry.Run::seed).containsExactly(0L, 1L, 2L);

        // the board is the newest stored snapshot: when the scheduled projector's snapshot went stale as this test
        // projected, the next projector pass (every second) stores the one with the entry
        JsonPath before = await().atMost(Duration.ofSeconds(30)).until(() -> board(null),
                b -> b.getMap("rows.find { it.agent == '" + made.agent() + "' }") != null);
        Map<String, Object> row = before.getMap("rows.find { it.agent == '" + made.agent() + "' }");
        assertThat(((Number) row.get("humanRank")).doubleValue()).isCloseTo(1.3 / 3, within(1e-6));
        assertThat(row.get("episodes")).isEqualTo(3);
        assertThat(row.get("tasks")).isEqualTo(1);
        assertThat(((Number) row.get("validRate")).doubleValue()).isCloseTo(2.0 / 3, within(1e-6));
        assertThat(((Number) row.get("low")).doubleValue()).isLessThanOrEqualTo(1.3 / 3 + 1e-9);
        assertThat(((Number) row.get("high")).doubleValue()).isGreaterThanOrEqualTo(1.3 / 3 - 1e-9);
        long version = before.getLong("version");

        given().post("/api/v1/leaderboards/rebuild").then().statusCode(401);
        given().auth().preemptive().basic("demo", "demo").post("/api/v1/leaderboards/rebuild").then().statusCode(403)
                .body("type", endsWith("/forbidden"));
        // the count depends on how much the scheduled projector took first; the board below shows the rebuild worked
        given().auth().preemptive().basic("admin", "admin").post("/api/v1/leaderboards/rebuild").then()
                .statusCode(200).body("episodes", org.hamcrest.Matchers.isA(Integer.class));
        // a newer snapshot than before, with the entry again (the old one also has it, so both are waited for)
        JsonPath after = await().atMost(Duration.ofSeconds(30)).until(() -> board(null),
                b -> b.getLong("version") > version
                        && b.getMap("rows.find { it.agent == '" + made.agent() + "' }") != null);
        Map<String, Object> again = after.getMap("rows.find { it.agent == '" + made.agent() + "' }");
        assertThat(again.get("humanRank")).isEqualTo(row.get("humanRank"));
        assertThat(again.get("low")).isEqualTo(row.get("low"));

        // the board of the earlier version is a snapshot that stays readable; an unknown version is a clear 404
        JsonPath cited = given().queryParam("version", version).queryParam("limit", 500)
                .get("/api/v1/leaderboards/overall").then().statusCode(200).extract().jsonPath();
        assertThat(cited.getLong("version")).isEqualTo(version);
        assertThat(cited.getList("rows.agent")).isEqualTo(before.getList("rows.agent"));
        given().queryParam("version", 999_999_999L).get("/api/v1/leaderboards/overall").then().statusCode(404)
                .body("type", endsWith("/unknown-board-version"));
    }
}
