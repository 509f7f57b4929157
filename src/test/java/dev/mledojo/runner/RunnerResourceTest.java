package dev.mledojo.runner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;

import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeState;
import dev.mledojo.scheduling.Scheduler;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The runner API of an episode pod: only the episode's own token reaches it; the spec lists the task version's public
 * files (never private ones) with the checksums the files really have; the first pod begins the episode and a second
 * pod is refused; only that pod's heartbeats count.
 */
@QuarkusTest
class RunnerResourceTest {

    static final String TASK = "practice-tabular-binary";

    @Inject
    Scheduler scheduler;

    /** Episodes of a paused submission, launched "into Kubernetes" by hand, each with its token. */
    record Launched(long submission, List<String> ids, List<String> tokens) {
    }

    Launched launch(int seeds) {
        int created = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", "runner-api", "kind", "baseline", "config", Map.of("baseline", "constant")))
                .post("/api/v1/agents").then().extract().statusCode();
        assertThat(created).isIn(201, 409);
        long submission = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("agent", "runner-api", "seeds", seeds, "suite", Map.of("tasks", List.of(TASK))))
                .post("/api/v1/submissions").then().statusCode(201).extract().jsonPath().getLong("id");
        List<Episode> episodes = QuarkusTransaction.requiringNew().call(() -> {
            List<Episode> list = Episode.<Episode>list("submissionId = ?1 order by seed", submission);
            list.forEach(e -> e.admitTo("kubernetes", "test-replica", null));
            return list;
        });
        List<String> tokens = episodes.stream().map(e -> QuarkusTransaction.requiringNew()
                .call(() -> Episode.<Episode>findById(e.id).issueToken())).toList();
        return new Launched(submission, episodes.stream().map(e -> e.id).toList(), tokens);
    }

    static io.restassured.specification.RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    void cleanUp(long submission) {
        given().auth().preemptive().basic("demo", "demo").delete("/api/v1/submissions/" + submission).then().statusCode(200);
    }

    @Test
    void theSpecListsThePublicFilesWithTheirRealChecksumsAndNothingPrivate() {
        scheduler.pause();
        Launched l = launch(1);
        try {
            String id = l.ids().get(0);
            JsonPath spec = as(l.tokens().get(0)).get("/api/v1/runner/episodes/" + id + "/spec").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(spec.getString("episodeId")).isEqualTo(id);
            assertThat(spec.getString("task")).isEqualTo(TASK);
            assertThat(spec.getString("agentKind")).isEqualTo("baseline");
            assertThat(spec.getMap("agentConfig")).containsEntry("baseline", "constant");
            assertThat(spec.getString("state")).isEqualTo("starting");
            List<Map<String, Object>> files = spec.getList("files");
            assertThat(files).extracting(f -> (String) f.get("name")).contains("sample_submission.csv", "train.csv")
                    .noneMatch(n -> n.contains("answers") || n.contains("split") || n.startsWith("private"));
            for (Map<String, Object> f : files) {
                byte[] bytes = as(l.tokens().get(0)).get((String) f.get("url")).then().statusCode(200).extract().asByteArray();
                assertThat(bytes).as((String) f.get("name")).hasSize(((Number) f.get("size")).intValue());
                assertThat(DigestUtils.sha256Hex(bytes)).as((String) f.get("name")).isEqualTo(f.get("sha256"));
            }
            // a path that climbs out of the public part reaches no file (normalised away, or refused as encoded)
            as(l.tokens().get(0)).get("/api/v1/runner/episodes/" + id + "/data/../private/answers.csv").then()
                    .statusCode(404).body("type", endsWith("not-found"));
            as(l.tokens().get(0)).urlEncodingEnabled(false)
                    .get("/api/v1/runner/episodes/" + id + "/data/..%2Fprivate%2Fanswers.csv").then()
                    .statusCode(404).body("type", endsWith("/unknown-file"));
            as(l.tokens().get(0)).get("/api/v1/runner/episodes/" + id + "/data/no-such.csv").then().statusCode(404)
                    .body("type", endsWith("/unknown-file"));
        } finally {
            cleanUp(l.submission());
            scheduler.resume();
        }
    }

    @Test
    void onlyTheEpisodesOwnTokenReachesItsRunnerApi() {
        scheduler.pause();
        Launched l = launch(2);
        try {
            String first = l.ids().get(0);
            as(l.tokens().get(1)).get("/api/v1/runner/episodes/" + first + "/spec").then().statusCode(403)
                    .body("type", endsWith("/token-wrong-episode"));
            given().auth().preemptive().basic("demo", "demo").get("/api/v1/runner/episodes/" + first + "/spec").then()
                    .statusCode(403).body("type", endsWith("/forbidden"));
            given().get("/api/v1/runner/episodes/" + first + "/spec").then().statusCode(401)
                    .body("type", endsWith("/unauthorized"));
            as("mle_ep_not-a-token").get("/api/v1/runner/episodes/" + first + "/spec").then().statusCode(401);
        } finally {
            cleanUp(l.submission());
            scheduler.resume();
        }
    }

    @Test
    void theFirstPodBeginsTheEpisodeASecondIsRefusedAndOnlyItsHeartbeatsCount() {
        scheduler.pause();
        Launched l = launch(1);
        try {
            String id = l.ids().get(0);
            String token = l.tokens().get(0);
            as(token).contentType(ContentType.JSON).body(Map.of("podUid", "pod-a")).post("/api/v1/runner/episodes/" + id
                    + "/begin").then().statusCode(200).body("state", equalTo("running"));
            as(token).contentType(ContentType.JSON).body(Map.of("podUid", "pod-a")).post("/api/v1/runner/episodes/" + id
                    + "/begin").then().statusCode(200).body("state", equalTo("running"));
            as(token).contentType(ContentType.JSON).body(Map.of("podUid", "pod-b")).post("/api/v1/runner/episodes/" + id
                    + "/begin").then().statusCode(409).body("type", endsWith("/duplicate-runner"));
            as(token).contentType(ContentType.JSON).body(Map.of()).post("/api/v1/runner/episodes/" + id + "/begin").then()
                    .statusCode(400).body("type", endsWith("/invalid-pod"));
            as(token).contentType(ContentType.JSON).body(Map.of("podUid", "pod-b")).post("/api/v1/runner/episodes/" + id
                    + "/heartbeat").then().statusCode(409).body("type", endsWith("/not-the-runner"));
            as(token).contentType(ContentType.JSON).body(Map.of("podUid", "pod-a")).post("/api/v1/runner/episodes/" + id
                    + "/heartbeat").then().statusCode(204);
            Episode e = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(id));
            assertThat(e.state).isEqualTo(EpisodeState.RUNNING);
            assertThat(e.runnerPodUid).isEqualTo("pod-a");
            assertThat(e.lastHeartbeatAt).isNotNull();
            assertThat(e.startedAt).isNotNull();
        } finally {
            cleanUp(l.submission());
            scheduler.resume();
        }
    }

    @Test
    void aStartingEpisodeTakesNoStep() {
        scheduler.pause();
        Launched l = launch(1);
        try {
            String id = l.ids().get(0);
            as(l.tokens().get(0)).contentType(ContentType.JSON).body(Map.of("action", "get_history", "params", Map.of()))
                    .post("/api/v1/episodes/" + id + "/step").then().statusCode(409)
                    .body("type", endsWith("/episode-not-started"));
        } finally {
            cleanUp(l.submission());
            scheduler.resume();
        }
    }
}
