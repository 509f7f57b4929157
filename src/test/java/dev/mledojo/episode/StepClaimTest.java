package dev.mledojo.episode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.mledojo.testing.StepGate;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * One step at a time per episode, through the database claim (the same rule holds across replicas, see ReplicasIT):
 * a second step or a close while a step runs is refused at once, refused calls record nothing, a claim left by a
 * dead replica lapses, a caller who may not use the episode never touches its claim, and a step whose episode was
 * closed while it ran records nothing (the record writes only under its own claim, on a running episode).
 */
@QuarkusTest
class StepClaimTest {

    static final String TASK = "practice-tabular-binary";

    @ConfigProperty(name = "dojo.data-dir")
    String dataDir;

    final Gym demo = new Gym("demo", "demo");

    static String claim(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(id).stepClaim);
    }

    @Test
    void a_second_step_or_a_close_during_a_step_is_refused_at_once_and_records_nothing() throws Exception {
        String id = demo.create(TASK, 10);
        Path workspace = StepGate.workspace(dataDir, id);
        CompletableFuture<JsonPath> held = CompletableFuture.supplyAsync(
                () -> demo.step(id, "validate_code", Map.of("code", StepGate.WAIT_FOR_GO)));
        try {
            await().atMost(Duration.ofMinutes(1)).until(() -> claim(id) != null);
            demo.stepRaw(id, Map.of("action", "request_info", "params", Map.of("info_type", "overview")))
                    .statusCode(409).body("type", endsWith("/step-in-progress"))
                    .body("detail", org.hamcrest.Matchers.containsString("one step at a time"));
            demo.close(id).statusCode(409).body("type", endsWith("/step-in-progress"));
        } finally {
            StepGate.open(workspace);
        }
        JsonPath first = held.get();
        assertThat(first.getInt("info.step")).isEqualTo(1);
        assertThat(first.getString("observation.result.stdout")).contains("go seen");
        assertThat(claim(id)).as("the claim is given back").isNull();

        JsonPath second = demo.step(id, "request_info", Map.of("info_type", "overview"));
        assertThat(second.getInt("info.step")).as("refused calls used no step number").isEqualTo(2);
        assertThat(demo.get("/api/v1/episodes/" + id + "/history").statusCode(200).extract().jsonPath()
                .getList("steps.step", Number.class).stream().map(Number::intValue).toList()).containsExactly(1, 2);
        demo.close(id).statusCode(200).body("state", equalTo("finished"));
    }

    @Test
    void a_claim_left_by_a_dead_replica_lapses_and_a_live_one_is_respected() {
        String id = demo.create(TASK, 10);
        QuarkusTransaction.requiringNew().run(() -> Episode.update(
                "stepClaim = 'live', stepClaimedUntil = ?1 where id = ?2", Instant.now().plusSeconds(600), id));
        demo.stepRaw(id, Map.of("action", "get_history", "params", Map.of())).statusCode(409)
                .body("type", endsWith("/step-in-progress"));

        QuarkusTransaction.requiringNew().run(() -> Episode.update(
                "stepClaim = 'dead', stepClaimedUntil = ?1 where id = ?2", Instant.now().minusSeconds(1), id));
        assertThat(demo.step(id, "get_history", Map.of()).getInt("info.step")).isEqualTo(1);
        assertThat(claim(id)).isNull();
        demo.close(id).statusCode(200);
    }

    @Test
    void the_step_that_records_gives_the_claim_back_and_the_last_step_closes_the_episode_first() {
        String id = demo.create(TASK, 2);
        JsonPath first = demo.step(id, "get_history", Map.of());
        assertThat(first.getBoolean("done")).isFalse();
        assertThat(claim(id)).as("recorded and given back in one transaction").isNull();

        JsonPath last = demo.step(id, "execute_code", Map.of("code", "def broken(:\n  pass"));
        assertThat(last.getString("observation.error.kind")).isEqualTo("syntax_error");
        assertThat(last.getString("observation.error.message")).isEqualTo("line 1, column 12: invalid syntax");
        assertThat(last.getString("observation.error.details")).isEqualTo("def broken(:");
        assertThat(last.getBoolean("done")).as("the second step used the budget").isTrue();
        assertThat(claim(id)).as("given back after the close").isNull();
        demo.get("/api/v1/episodes/" + id).statusCode(200).body("state", equalTo("finished"))
                .body("stepCount", equalTo(2));
    }

    @Test
    void a_step_whose_episode_is_closed_while_it_runs_is_not_recorded_and_leaves_the_close_alone() throws Exception {
        String id = demo.create(TASK, 10);
        Path workspace = StepGate.workspace(dataDir, id);
        CompletableFuture<io.restassured.response.ValidatableResponse> held = CompletableFuture.supplyAsync(
                () -> demo.stepRaw(id, Map.of("action", "validate_code", "params", Map.of("code", StepGate.WAIT_FOR_GO))));
        try {
            await().atMost(Duration.ofMinutes(1)).until(() -> claim(id) != null);
            // another party ends it meanwhile (a runner's failure, say), without the step claim
            QuarkusTransaction.requiringNew().run(() -> Episode.<Episode>findById(id).fail(FailureReason.INFRA_ERROR,
                    "closed by the test while a step runs"));
        } finally {
            StepGate.open(workspace);
        }
        held.get().statusCode(409).body("type", endsWith("/episode-closed"))
                .body("detail", org.hamcrest.Matchers.containsString("failed"));
        assertThat(claim(id)).as("the claim is given back").isNull();
        demo.get("/api/v1/episodes/" + id).statusCode(200).body("state", equalTo("failed"))
                .body("stepCount", equalTo(0));
        assertThat(demo.get("/api/v1/episodes/" + id + "/history").statusCode(200).extract().jsonPath()
                .getList("steps")).as("nothing recorded").isEmpty();
    }

    @Test
    void the_record_writes_only_under_its_own_claim_and_gives_back_only_that_claim() {
        String id = demo.create(TASK, 10);
        QuarkusTransaction.requiringNew().run(() -> Episode.update(
                "stepClaim = 'other', stepClaimedUntil = ?1 where id = ?2", Instant.now().plusSeconds(600), id));
        Episode copy = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(id));
        copy.stepCount = 5;
        copy.bestSubmission = 2;

        assertThat(QuarkusTransaction.requiringNew().call(() -> copy.writeTracked("mine", true))).isFalse();
        Episode untouched = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(id));
        assertThat(untouched.stepClaim).isEqualTo("other");
        assertThat(untouched.stepCount).isZero();
        assertThat(untouched.bestSubmission).isNull();

        assertThat(QuarkusTransaction.requiringNew().call(() -> copy.writeTracked("other", false))).isTrue();
        assertThat(claim(id)).as("kept: the step ended its episode, the close needs the claim").isEqualTo("other");
        assertThat(QuarkusTransaction.requiringNew().call(() -> copy.writeTracked("other", true))).isTrue();
        Episode written = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(id));
        assertThat(written.stepClaim).isNull();
        assertThat(written.stepClaimedUntil).isNull();
        assertThat(written.stepCount).isEqualTo(5);
        assertThat(written.bestSubmission).isEqualTo(2);
    }

    @Test
    void someone_who_may_not_use_the_episode_never_touches_its_claim() {
        String id = demo.create(TASK, 10);
        new Gym("carol", "carol").stepRaw(id, Map.of("action", "get_history", "params", Map.of())).statusCode(403)
                .body("type", endsWith("/not-your-episode"));
        new Gym("carol", "carol").stepRaw("no-such-episode", Map.of("action", "get_history", "params", Map.of()))
                .statusCode(404).body("type", endsWith("/unknown-episode"));
        assertThat(claim(id)).isNull();
        assertThat(demo.step(id, "get_history", Map.of()).getInt("info.step")).isEqualTo(1);
        demo.close(id).statusCode(200);
    }
}
