package dev.mledojo.scheduling;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeState;
import dev.mledojo.scheduling.EpisodeRecovery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Submissions run through the queue: fair share, cancel, budgets, agent failures, quotas and restart recovery. */
@QuarkusTest
class SchedulingTest {

    static final List<String> PRACTICE = List.of("practice-tabular-binary", "practice-tabular-regression",
            "practice-text-classification", "practice-timeseries-forecasting");

    @Inject
    Scheduler scheduler;

    @Inject
    EpisodeRecovery recovery;

    @Inject
    LocalLauncher launcher;

    @AfterEach
    void resume() {
        scheduler.resume();
    }

    private static void agent(String user, String name, Map<String, Object> config) {
        int status = given().auth().preemptive().basic(user, user).contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", "scripted", "config", config)).post("/api/v1/agents").then()
                .extract().statusCode();
        assertThat(status).isIn(201, 409);
    }

    private static long submit(String user, String agent, List<String> tasks, int seeds, Integer maxSteps) {
        Map<String, Object> body = new HashMap<>();
        body.put("agent", agent);
        body.put("suite", Map.of("tasks", tasks));
        body.put("seeds", seeds);
        if (maxSteps != null) {
            body.put("budget", Map.of("max_steps", maxSteps));
        }
        return given().auth().preemptive().basic(user, user).contentType(ContentType.JSON).body(body)
                .post("/api/v1/submissions").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static JsonPath submission(String user, long id) {
        return given().auth().preemptive().basic(user, user).get("/api/v1/submissions/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    private static void awaitClosed(String user, long id) {
        await().atMost(Duration.ofSeconds(120)).until(() -> submission(user, id).getDouble("progress") == 1.0);
    }

    @Test
    void a_late_small_queue_starts_before_a_long_queue_has_run_six() {
        agent("demo", "noop", Map.of("script", List.of()));
        agent("carol", "noop", Map.of("script", List.of()));
        scheduler.pause();
        long a1 = submit("demo", "noop", PRACTICE, 10, null);
        long a2 = submit("demo", "noop", List.of(PRACTICE.get(0)), 10, null);
        long b = submit("carol", "noop", List.of(PRACTICE.get(1)), 5, null);
        JsonPath queued = submission("carol", b);
        assertThat(queued.getList("episodes.state")).containsOnly("queued");
        assertThat(queued.getInt("episodes[0].position")).isLessThanOrEqualTo(2);
        assertThat(queued.getLong("episodes[0].etaSeconds")).isPositive();

        scheduler.resume();
        awaitClosed("demo", a1);
        awaitClosed("demo", a2);
        awaitClosed("carol", b);
        List<Episode> started = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>list(
                "submissionId in ?1", List.of(a1, a2, b)).stream()
                .sorted(Comparator.comparing((Episode e) -> e.startedAt)).toList());
        assertThat(started).hasSize(55).allMatch(e -> e.state == EpisodeState.FINISHED);
        int firstOfB = -1;
        int sixthOfA = -1;
        int seenA = 0;
        for (int i = 0; i < started.size(); i++) {
            Episode e = started.get(i);
            if (e.owner.equals("carol") && firstOfB < 0) {
                firstOfB = i;
            }
            if (e.owner.equals("demo") && ++seenA == 6) {
                sixthOfA = i;
            }
        }
        assertThat(firstOfB).isLessThan(sixthOfA);
    }

    @Test
    void cancelling_stops_queued_episodes() {
        agent("demo", "noop", Map.of("script", List.of()));
        scheduler.pause();
        long id = submit("demo", "noop", List.of(PRACTICE.get(0)), 3, null);
        given().auth().preemptive().basic("demo", "demo").delete("/api/v1/submissions/" + id).then().statusCode(200)
                .body("state", equalTo("cancelled"));
        scheduler.resume();
        assertThat(submission("demo", id).getList("episodes.state")).containsOnly("cancelled");
        given().auth().preemptive().basic("carol", "carol").get("/api/v1/submissions/" + id).then().statusCode(403);
    }

    @Test
    void cancelling_stops_a_running_episode_at_its_next_step() {
        dev.mledojo.episode.GatedAgentFactory.GATE.drainPermits();
        int created = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", "slow-gated", "kind", "gated", "config", Map.of("script",
                        List.of("get_history", "get_history", "get_history"))))
                .post("/api/v1/agents").then().extract().statusCode();
        assertThat(created).isIn(201, 409);
        long id = submit("demo", "slow-gated", List.of(PRACTICE.get(0)), 1, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> submission("demo", id).getList("episodes.state").contains("running"));
        given().auth().preemptive().basic("demo", "demo").delete("/api/v1/submissions/" + id).then().statusCode(200);
        dev.mledojo.episode.GatedAgentFactory.GATE.release(10); // the agent tries its next step: refused, it stops
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                Episode.<Episode>list("submissionId = ?1", id).stream().allMatch(e -> e.state == EpisodeState.CANCELLED)));
        assertThat(submission("demo", id).getList("episodes.state")).containsOnly("cancelled");
        dev.mledojo.episode.GatedAgentFactory.GATE.drainPermits();
    }

    @Test
    void the_step_budget_ends_an_episode_and_agent_faults_fail_it() {
        agent("demo", "chatty", Map.of("script", List.of("get_history", "get_history", "get_history", "get_history")));
        agent("demo", "crasher", Map.of("fail", true));
        long chatty = submit("demo", "chatty", List.of(PRACTICE.get(0)), 1, 2);
        long crasher = submit("demo", "crasher", List.of(PRACTICE.get(0)), 1, null);
        awaitClosed("demo", chatty);
        awaitClosed("demo", crasher);
        JsonPath c = submission("demo", chatty);
        assertThat(c.getString("episodes[0].state")).isEqualTo("finished");
        assertThat(c.getString("episodes[0].endReason")).contains("step budget");
        JsonPath f = submission("demo", crasher);
        assertThat(f.getString("episodes[0].state")).isEqualTo("failed");
        assertThat(f.getString("episodes[0].endReason")).contains("agent_error");
    }

    @Test
    void queue_quota_refuses_and_idempotency_keys_dedupe() {
        agent("carol", "noop", Map.of("script", List.of()));
        given().auth().preemptive().basic("admin", "admin").contentType(ContentType.JSON).body(Map.of("queued_episodes", 2))
                .put("/api/v1/admin/users/carol/quota").then().statusCode(200);
        given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON)
                .body(Map.of("agent", "noop", "suite", Map.of("tasks", PRACTICE), "seeds", 1)).post("/api/v1/submissions")
                .then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("quota", equalTo("queued-episodes"));
        given().auth().preemptive().basic("admin", "admin").contentType(ContentType.JSON).body(Map.of())
                .put("/api/v1/admin/users/carol/quota").then().statusCode(200);

        Map<String, Object> body = Map.of("agent", "noop", "suite", Map.of("tasks", List.of(PRACTICE.get(2))));
        long first = given().auth().preemptive().basic("carol", "carol").header("Idempotency-Key", "run-42")
                .contentType(ContentType.JSON).body(body).post("/api/v1/submissions").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        given().auth().preemptive().basic("carol", "carol").header("Idempotency-Key", "run-42")
                .contentType(ContentType.JSON).body(body).post("/api/v1/submissions").then().statusCode(200)
                .body("id", equalTo((int) first));
        given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON)
                .body(Map.of("agent", "noop", "suite", Map.of("tasks", List.of("spaceship-titanic"))))
                .post("/api/v1/submissions").then().statusCode(400).body("detail", containsString("spaceship-titanic"));
        awaitClosed("carol", first);
    }

    @Test
    void a_running_episode_names_its_instance_and_holds_a_lease_renewed_while_it_runs() {
        dev.mledojo.episode.GatedAgentFactory.GATE.drainPermits();
        int created = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", "held-gated", "kind", "gated", "config", Map.of("script", List.of("get_history"))))
                .post("/api/v1/agents").then().extract().statusCode();
        assertThat(created).isIn(201, 409);
        long id = submit("demo", "held-gated", List.of(PRACTICE.get(0)), 1, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> submission("demo", id).getList("episodes.state").contains("running"));
        Episode running = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>list("submissionId = ?1", id).get(0));
        assertThat(running.runnerInstance).isEqualTo("test-replica");
        assertThat(running.launcher).isEqualTo(Episode.LOCAL_LAUNCHER);
        assertThat(running.leaseUntil).isAfter(Instant.now());
        // a lease running short (not expired: the periodic sweep may look at any time) is extended by the heartbeat
        QuarkusTransaction.requiringNew().run(() -> Episode.<Episode>findById(running.id).leaseUntil = Instant.now()
                .plusSeconds(5));
        launcher.renew();
        Instant renewed = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(running.id).leaseUntil);
        assertThat(renewed).isAfter(Instant.now().plusSeconds(10));
        assertThat(recovery.sweep()).as("a live runner's episode is never swept").isZero();
        dev.mledojo.episode.GatedAgentFactory.GATE.release(10);
        awaitClosed("demo", id);
        Episode done = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(running.id));
        assertThat(done.state).isEqualTo(EpisodeState.FINISHED);
        assertThat(done.attempt).isEqualTo(1);
        dev.mledojo.episode.GatedAgentFactory.GATE.drainPermits();
    }

    @Test
    void the_sweep_never_touches_an_episode_whose_runner_is_alive_on_another_replica() {
        agent("demo", "noop", Map.of("script", List.of()));
        scheduler.pause();
        long id = submit("demo", "noop", List.of(PRACTICE.get(0)), 1, null);
        try {
            String episode = QuarkusTransaction.requiringNew().call(() -> {
                Episode e = Episode.<Episode>list("submissionId = ?1", id).get(0);
                e.admit("other-replica", Instant.now().plusSeconds(600)); // renewed by a replica that is alive
                e.start();
                return e.id;
            });
            assertThat(recovery.sweep()).isZero();
            // the start's quick check agrees: nothing to recover for another instance while the lease runs, the
            // episode's own instance would recover it at its start, and anyone once the lease has run out
            assertThat(recovery.anyToRecover("no-such-replica", Instant.now())).isFalse();
            assertThat(recovery.anyToRecover("other-replica", Instant.now())).isTrue();
            assertThat(recovery.anyToRecover("no-such-replica", Instant.now().plusSeconds(601))).isTrue();
            Episode after = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(episode));
            assertThat(after.state).isEqualTo(EpisodeState.RUNNING);
            assertThat(after.runnerInstance).isEqualTo("other-replica");
            assertThat(QuarkusTransaction.requiringNew().call(() -> Episode.count("retryOf", episode))).isZero();
            // once that replica stops renewing, the lease runs out and any instance recovers the episode
            QuarkusTransaction.requiringNew().run(() -> Episode.<Episode>findById(episode).leaseUntil = Instant.now()
                    .minusSeconds(1));
            assertThat(recovery.sweep()).isEqualTo(1);
            Episode failed = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(episode));
            assertThat(failed.state).isEqualTo(EpisodeState.FAILED);
            assertThat(failed.failureReason).isEqualTo("INFRA_ERROR");
            assertThat(QuarkusTransaction.requiringNew().call(() -> Episode.count("retryOf", episode))).isEqualTo(1);
        } finally {
            scheduler.resume();
        }
        awaitClosed("demo", id); // the retry runs here
    }

    @Test
    void after_a_crash_interrupted_episodes_fail_with_infra_error_and_run_again_once() {
        agent("demo", "noop", Map.of("script", List.of()));
        scheduler.pause();
        long id = submit("demo", "noop", List.of(PRACTICE.get(0), PRACTICE.get(1)), 1, null);
        // what a kill leaves behind: episodes admitted and running on an instance that stopped renewing their lease
        QuarkusTransaction.requiringNew().run(() -> Episode.<Episode>list("submissionId = ?1", id).forEach(e -> {
            e.admit("killed-replica", Instant.now().minusSeconds(1));
            e.start();
        }));
        assertThat(recovery.sweep()).isEqualTo(2);
        assertThat(recovery.sweep()).as("each lost episode is failed once").isZero();
        JsonPath after = submission("demo", id);
        assertThat(after.getList("episodes.state")).containsExactlyInAnyOrder("failed", "failed", "queued", "queued");
        assertThat(after.getList("episodes.endReason").toString()).contains("infra_error");
        scheduler.resume();
        awaitClosed("demo", id);
        List<Episode> episodes = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>list("submissionId = ?1", id));
        assertThat(episodes).noneMatch(e -> e.state == EpisodeState.RUNNING || e.state == EpisodeState.STARTING);
        assertThat(episodes.stream().filter(e -> e.state == EpisodeState.FINISHED).map(e -> e.taskSlug + "#" + e.seed))
                .containsExactlyInAnyOrder(PRACTICE.get(0) + "#0", PRACTICE.get(1) + "#0");
        assertThat(episodes.stream().filter(e -> e.state == EpisodeState.FINISHED)).allMatch(e -> e.attempt == 2);
        // the platform's failure is not charged: the quota use moved to the retries
        List<String> charged = QuarkusTransaction.requiringNew().call(() -> dev.mledojo.account.UsageEvent
                .<dev.mledojo.account.UsageEvent>list("kind = 'episode' and refunded = false and ref in ?1",
                        episodes.stream().map(e -> e.id).toList()).stream().map(u -> u.ref).toList());
        assertThat(charged).containsExactlyInAnyOrderElementsOf(episodes.stream()
                .filter(e -> e.state == EpisodeState.FINISHED).map(e -> e.id).toList());
    }
}
