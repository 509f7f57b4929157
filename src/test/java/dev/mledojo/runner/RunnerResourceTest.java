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

    /** Runs {@code test} on episodes launched with the scheduler paused, then cancels them and resumes it. */
    void withLaunched(int seeds, java.util.function.Consumer<Launched> test) {
        scheduler.pause();
        Launched l = launch(seeds);
        try {
            test.accept(l);
        } finally {
            cleanUp(l.submission());
            scheduler.resume();
        }
    }

    void cleanUp(long submission) {
        given().auth().preemptive().basic("demo", "demo").delete("/api/v1/submissions/" + submission).then().statusCode(200);
    }

    @Test
    void theSpecListsThePublicFilesWithTheirRealChecksumsAndNothingPrivate() {
        withLaunched(1, l -> {
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
        });
    }

    @Test
    void onlyTheEpisodesOwnTokenReachesItsRunnerApi() {
        withLaunched(2, l -> {
            String first = l.ids().get(0);
            as(l.tokens().get(1)).get("/api/v1/runner/episodes/" + first + "/spec").then().statusCode(403)
                    .body("type", endsWith("/token-wrong-episode"));
            given().auth().preemptive().basic("demo", "demo").get("/api/v1/runner/episodes/" + first + "/spec").then()
                    .statusCode(403).body("type", endsWith("/forbidden"));
            given().get("/api/v1/runner/episodes/" + first + "/spec").then().statusCode(401)
                    .body("type", endsWith("/unauthorized"));
            as("mle_ep_not-a-token").get("/api/v1/runner/episodes/" + first + "/spec").then().statusCode(401);
        });
    }

    @Test
    void anEpisodeRunOnThePlatformCannotBeBegunByAPod() {
        // an external agent's episode runs on the platform, and its token reaches these routes too
        String id = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("task", TASK)).post("/api/v1/episodes").then().statusCode(201).extract().jsonPath()
                .getString("id");
        String token = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(id).issueToken());
        try {
            as(token).contentType(ContentType.JSON).body(Map.of("podUid", "pod-a"))
                    .post("/api/v1/runner/episodes/" + id + "/begin").then().statusCode(409)
                    .body("type", endsWith("/not-a-pod-episode"))
                    .body("detail", equalTo("Episode " + id + " is not waiting for a runner pod: it is running on the "
                            + "platform."));
        } finally {
            given().auth().preemptive().basic("demo", "demo").delete("/api/v1/episodes/" + id).then().statusCode(200);
        }
    }

    @Test
    void theFirstPodBeginsTheEpisodeASecondIsRefusedAndOnlyItsHeartbeatsCount() {
        withLaunched(1, l -> {
            String id = l.ids().get(0);
            String token = l.tokens().get(0);
            as(token).contentType(ContentType.JSON).body(Map.of("podUid", "pod-a")).post("/api/v1/runner/episodes/" + id
                    + "/begin").then().statusCode(200).body("spec.state", equalTo("running"))
                    .body("spec.stepCount", equalTo(0)).body("spec.brief.submissionFile", equalTo("submission.csv"))
                    .body("observation.action", equalTo("start"));
            as(token).contentType(ContentType.JSON).body(Map.of("podUid", "pod-a")).post("/api/v1/runner/episodes/" + id
                    + "/begin").then().statusCode(200).body("spec.state", equalTo("running"));
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
        });
    }

    static Map<String, Object> run(String sha256) {
        Map<String, Object> run = new java.util.HashMap<>(Map.of("outcome", "success", "exitCode", 0, "stdout", "wrote it\n",
                "stderr", "", "wallTimeMs", 1234, "wroteSubmission", sha256 != null));
        if (sha256 != null) {
            run.put("submissionSha256", sha256);
        }
        return run;
    }

    static Map<String, Object> report(String pod, int step, String action, Map<String, Object> params,
            Map<String, Object> run) {
        Map<String, Object> r = new java.util.HashMap<>(Map.of("podUid", pod, "step", step, "action", action,
                "params", params));
        if (run != null) {
            r.put("run", run);
        }
        return r;
    }

    @Test
    void thePodReportsItsRunsThePlatformGradesTheUploadedSubmissionAndARetriedReportIsTakenOnce() {
        withLaunched(1, l -> {
            String id = l.ids().get(0);
            String token = l.tokens().get(0);
            String base = "/api/v1/runner/episodes/" + id;
            as(token).contentType(ContentType.JSON).body(Map.of("podUid", "pod-a")).post(base + "/begin").then()
                    .statusCode(200);
            Map<String, Object> code = Map.of("code", "import shutil; shutil.copy('/data/sample_submission.csv', 'submission.csv')");
            // the code of a pod episode never runs on the platform
            as(token).contentType(ContentType.JSON).body(Map.of("action", "execute_code", "params", code))
                    .post("/api/v1/episodes/" + id + "/step").then().statusCode(409)
                    .body("type", endsWith("/code-runs-in-pod"));

            byte[] sample = as(token).get(base + "/data/sample_submission.csv").then().statusCode(200).extract()
                    .asByteArray();
            String sha = DigestUtils.sha256Hex(sample);
            as(token).contentType("application/octet-stream").body(new byte[] {1, 2, 3}).put(base + "/uploads/" + sha)
                    .then().statusCode(400).body("type", endsWith("/upload-corrupt"));
            as(token).contentType("application/octet-stream").body(sample).put(base + "/uploads/not-a-hash").then()
                    .statusCode(400).body("type", endsWith("/invalid-upload"));
            as(token).contentType("application/octet-stream").body(sample).put(base + "/uploads/" + sha).then()
                    .statusCode(200).body("sha256", equalTo(sha)).body("size", equalTo(sample.length));

            JsonPath first = as(token).contentType(ContentType.JSON).body(report("pod-a", 1, "execute_code", code, run(sha)))
                    .post(base + "/steps").then().statusCode(200).body("observation.status", equalTo("success"))
                    .body("observation.result.submission.valid", equalTo(true))
                    .body("observation.result.stdout", equalTo("wrote it\n"))
                    .body("done", equalTo(false)).extract().jsonPath();
            assertThat(first.getDouble("observation.scores.currentRaw")).isNotNull();
            assertThat(first.getString("observation.feedback")).contains("Submission 1 is valid");

            // the response was lost: the runner reports step 1 again and gets the same answer; nothing is taken twice
            JsonPath again = as(token).contentType(ContentType.JSON).body(report("pod-a", 1, "execute_code", code, run(sha)))
                    .post(base + "/steps").then().statusCode(200).body("info.replayed", equalTo(true)).extract().jsonPath();
            assertThat(again.getString("observation.feedback")).isEqualTo(first.getString("observation.feedback"));
            assertThat(again.getDouble("reward")).isEqualTo(first.getDouble("reward"));
            Episode after = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(id));
            assertThat(after.stepCount).isEqualTo(1);
            assertThat(after.submissionCount).isEqualTo(1);

            as(token).contentType(ContentType.JSON).body(report("pod-a", 3, "get_history", Map.of(), null))
                    .post(base + "/steps").then().statusCode(409).body("type", endsWith("/step-out-of-order"))
                    .body("stepCount", equalTo(1));
            as(token).contentType(ContentType.JSON).body(report("pod-b", 2, "get_history", Map.of(), null))
                    .post(base + "/steps").then().statusCode(409).body("type", endsWith("/not-the-runner"));
            as(token).contentType(ContentType.JSON).body(report("pod-a", 2, "execute_code", code, run("0".repeat(64))))
                    .post(base + "/steps").then().statusCode(400).body("type", endsWith("/unknown-upload"));
            Map<String, Object> bad = run(null);
            bad.put("outcome", "exploded");
            as(token).contentType(ContentType.JSON).body(report("pod-a", 2, "execute_code", code, bad))
                    .post(base + "/steps").then().statusCode(400).body("type", endsWith("/invalid-run"));
            as(token).contentType(ContentType.JSON).body(report("pod-a", 2, "execute_code", Map.of("code", "def ("),
                    Map.of("syntax", Map.of("line", 1, "column", 5, "message", "invalid syntax", "text", "def ("))))
                    .post(base + "/steps").then().statusCode(200).body("observation.status", equalTo("error"))
                    .body("observation.error.kind", equalTo("syntax_error"));

            as(token).contentType(ContentType.JSON).body(Map.of("podUid", "pod-a", "outcome", "exploded"))
                    .post(base + "/end").then().statusCode(400).body("type", endsWith("/invalid-end"));
            as(token).contentType(ContentType.JSON).body(Map.of("podUid", "pod-a", "outcome", "stopped"))
                    .post(base + "/end").then().statusCode(200).body("state", equalTo("finished"))
                    .body("endReason", equalTo("the agent stopped"));
            Episode ended = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(id));
            assertThat(ended.result.submission()).isEqualTo(1);
            assertThat(ended.stepCount).isEqualTo(2);
        });
    }

    @Test
    void anAgentErrorReportedByThePodFailsTheEpisode() {
        withLaunched(1, l -> {
            String id = l.ids().get(0);
            String token = l.tokens().get(0);
            String base = "/api/v1/runner/episodes/" + id;
            as(token).contentType(ContentType.JSON).body(Map.of("podUid", "pod-a")).post(base + "/begin").then()
                    .statusCode(200);
            as(token).contentType(ContentType.JSON).body(Map.of("podUid", "pod-b", "outcome", "agent-error"))
                    .post(base + "/end").then().statusCode(409).body("type", endsWith("/not-the-runner"));
            as(token).contentType(ContentType.JSON).body(Map.of("podUid", "pod-a", "outcome", "agent-error",
                    "message", "the agent failed: boom")).post(base + "/end").then().statusCode(200)
                    .body("state", equalTo("failed"));
            Episode e = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(id));
            assertThat(e.failureReason).isEqualTo("AGENT_ERROR");
            assertThat(e.endReason).contains("boom");
        });
    }

    @Test
    void aStartingEpisodeTakesNoStep() {
        withLaunched(1, l -> {
            String id = l.ids().get(0);
            as(l.tokens().get(0)).contentType(ContentType.JSON).body(Map.of("action", "get_history", "params", Map.of()))
                    .post("/api/v1/episodes/" + id + "/step").then().statusCode(409)
                    .body("type", endsWith("/episode-not-started"));
        });
    }
}
