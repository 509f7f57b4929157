package dev.mledojo.scheduling;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.testing.DatabaseTestResource;
import dev.mledojo.testing.PackagedPlatform;
import dev.mledojo.testing.SseClient;
import dev.mledojo.testing.StepGate;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Runs two packaged platform replicas on one database and one data directory and proves that they share the work
 * safely: a step of an interactive episode runs on one replica at a time, restarting a replica leaves the episodes
 * another one runs alone, and the episode of a replica killed with SIGKILL is failed by its expired lease and retried
 * exactly once by the survivor; a viewer on either replica sees the steps recorded on both; a user's API rate limit is
 * one budget across them.
 */
class ReplicasIT {

    static final String TASK = "practice-tabular-binary";
    static final String LEASE = "PT4S";
    static final String SWEEP_EVERY = "1s";
    static final Set<String> ENDED = Set.of("FINISHED", "FAILED", "CANCELLED");
    static final Set<String> ACTIVE = Set.of("STARTING", "RUNNING");
    static final String INFRA_ERROR = "INFRA_ERROR";

    static final ObjectMapper JSON = new ObjectMapper();

    /** One platform replica: the packaged JVM, its sandbox uid range and its scheduling switch. */
    static final class Replica {
        final PackagedPlatform platform;
        final String name;
        final String url;
        /**
         * Its own sandbox uid range: replicas on one host must not share uids, because a run ends by SIGKILLing every
         * process of its uid (and the other replica may hold the same uid at that moment).
         */
        final int baseUid;
        boolean scheduling;

        Replica(String name, Path log, int baseUid) throws IOException {
            this.platform = new PackagedPlatform(name, log);
            this.name = name;
            this.url = platform.url;
            this.baseUid = baseUid;
        }

        boolean alive() {
            return platform.alive();
        }
    }

    /** A step answer of the concurrent phase: which replica answered, HTTP status and body. */
    record Answer(String replica, int status, String body) {
        JsonPath json() {
            return JsonPath.from(body);
        }

        @Override
        public String toString() {
            return replica + " " + status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    /** One row of the episode table. */
    record Row(String id, String state, String failureReason, String runner, String retryOf, int attempt, String task,
            long seed) {
    }

    static DatabaseTestResource database;
    static Map<String, String> db;
    static Replica a;
    static Replica b;
    /** Whether a platform JVM was started already: only the first one may clean the database (TEST_DB_URL). */
    static boolean firstStarted;

    @BeforeAll
    static void start() throws Exception {
        database = new DatabaseTestResource();
        db = database.start();
        Path out = Path.of("target/replicas-it").toAbsolutePath();
        Files.createDirectories(out);
        a = new Replica("replica-a", out.resolve("replica-a.log"), 61000);
        b = new Replica("replica-b", out.resolve("replica-b.log"), 61500);
        // A first: it migrates the database and generates the practice data that B then finds on the shared disk
        launch(a, true);
        launch(b, true);
    }

    @AfterAll
    static void stop() {
        for (Replica r : new Replica[] {b, a}) {
            if (r != null) {
                stop(r);
            }
        }
        if (database != null) {
            database.stop();
        }
    }

    // ---- (a) one step at a time across replicas --------------------------------------------------------------------

    @Test
    void concurrent_steps_on_both_replicas_run_one_at_a_time_and_are_numbered_without_gaps() throws Exception {
        ensure(a, null);
        ensure(b, null);
        String id = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("task", TASK, "budget", Map.of("max_steps", 30))).post(a.url + "/api/v1/episodes").then()
                .statusCode(201).extract().jsonPath().getString("id");
        Path workspace = StepGate.workspace(db.get("dojo.data-dir"), id);
        assertThat(workspace).isDirectory();
        String body = JSON.writeValueAsString(Map.of("action", "validate_code", "params",
                Map.of("code", StepGate.WAIT_FOR_GO)));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        Queue<Answer> answers = new ConcurrentLinkedQueue<>();
        CountDownLatch ready = new CountDownLatch(20);
        CountDownLatch gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            // phase 1: 20 identical steps at once, 10 to each replica; the one that wins holds its step until `go`
            for (int i = 0; i < 20; i++) {
                Replica target = i % 2 == 0 ? a : b;
                pool.submit(() -> {
                    ready.countDown();
                    gate.await();
                    answers.add(step(http, target, id, body));
                    return null;
                });
            }
            assertThat(ready.await(1, TimeUnit.MINUTES)).as("all 20 senders ready").isTrue();
            gate.countDown();

            // phase 2: the 19 losers are answered at once (the winner cannot end before `go` exists)
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> answers.size() >= 19);
            List<Answer> rejected = List.copyOf(answers);
            assertThat(rejected).as("answers before go").hasSize(19).allSatisfy(r -> {
                assertThat(r.status()).as(r.toString()).isEqualTo(409);
                assertThat(r.json().getString("type")).as(r.toString()).endsWith("step-in-progress");
            });
            // whichever replica won, the other one refused all of its 10 and the winner's replica its other 9
            assertThat(rejected.stream().filter(r -> r.replica().equals(a.name)).count()).isGreaterThanOrEqualTo(9);
            assertThat(rejected.stream().filter(r -> r.replica().equals(b.name)).count()).isGreaterThanOrEqualTo(9);

            // phase 3: release the winner through the shared workspace; its step completes normally
            StepGate.open(workspace);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> answers.size() == 20);
            Answer winner = List.copyOf(answers).get(19);
            assertThat(winner.status()).as(winner.toString()).isEqualTo(200);
            assertThat(winner.json().getString("observation.status")).as(winner.toString()).isEqualTo("success");
            assertThat(winner.json().getString("observation.result.stdout")).as(winner.toString()).contains("go seen");
            assertThat(winner.json().getInt("info.step")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            if (!StepGate.opened(workspace)) {
                StepGate.open(workspace); // a failed assertion must not leave the winner's sandbox waiting
            }
        }

        // phase 4: four sequential steps, alternating replicas, continue the numbering
        Replica[] order = {a, b, a, b};
        for (int i = 0; i < order.length; i++) {
            JsonPath step = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                    .body(Map.of("action", "request_info", "params", Map.of("info_type", "overview")))
                    .post(order[i].url + "/api/v1/episodes/" + id + "/step").then().statusCode(200).extract().jsonPath();
            assertThat(step.getString("observation.status")).as("step on " + order[i].name).isEqualTo("success");
            assertThat(step.getInt("info.step")).as("step on " + order[i].name).isEqualTo(i + 2);
        }

        // phase 5: both replicas show the same history, numbered 1..5 without gap or duplicate
        for (Replica r : List.of(a, b)) {
            JsonPath history = given().auth().preemptive().basic("demo", "demo")
                    .get(r.url + "/api/v1/episodes/" + id + "/history").then().statusCode(200).extract().jsonPath();
            assertThat(history.getList("steps.step").stream().map(n -> ((Number) n).intValue()).toList())
                    .as("history on " + r.name).containsExactly(1, 2, 3, 4, 5);
            assertThat(history.getList("steps.action", String.class)).as("history on " + r.name)
                    .containsExactly("validate_code", "request_info", "request_info", "request_info", "request_info");
        }
        assertThat(stepNumbers(id)).containsExactly(1, 2, 3, 4, 5);

        given().auth().preemptive().basic("demo", "demo").delete(a.url + "/api/v1/episodes/" + id).then().statusCode(200);
    }

    // ---- (b) a restarting replica leaves the other's episodes alone ------------------------------------------------

    /**
     * B is restarted with scheduling still off, so that the episode is A's: the only thing B may do to it is what its
     * startup and its lease sweeps do, and neither may touch an episode whose lease A renews. The agent is an external
     * program that waits for a gate file, so the episode surely runs on A for as long as the test needs.
     */
    @Test
    void restarting_a_replica_leaves_the_episodes_another_replica_runs_alone() throws Exception {
        ensure(a, true);
        ensure(b, false);
        // the agent runs in the sandbox, which sees target/replicas-it only (dojo.agents.program-dirs, read-only)
        Path gate = Files.createTempDirectory(Path.of("target/replicas-it").toAbsolutePath(), "gate",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"))).resolve("go");
        given().auth().preemptive().basic("demo", "demo").get(a.url + "/api/v1/agents").then().statusCode(200);
        given().auth().preemptive().basic("admin", "admin").put(a.url + "/api/v1/admin/users/demo/external-agents")
                .then().statusCode(200);
        int created = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", "replicas-held-" + gate.getParent().getFileName(), "kind", "external", "config",
                        Map.of("command", List.of("/usr/bin/python3", "-c", WAIT_FOR_GATE, gate.toString()))))
                .post(a.url + "/api/v1/agents").then().extract().statusCode();
        assertThat(created).isEqualTo(201);
        long submission = submit("replicas-held-" + gate.getParent().getFileName(), List.of(TASK), 1);
        Row running = awaitRunningOn(a, submission);
        try {
            kill(b);
            launch(b, false);
            // B's startup recovery and first sweep ran before it became ready; let a whole lease pass with B sweeping
            // every second, seen as A renewing the lease beyond B's return plus two leases
            Instant back = Instant.now();
            Duration lease = Duration.parse(LEASE);
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                Instant until = leaseUntil(running.id());
                return until != null && until.isAfter(back.plus(lease.multipliedBy(2)));
            });
            Row during = episode(running.id());
            assertThat(during.state()).as(during.toString()).isEqualTo("RUNNING");
            assertThat(during.runner()).isEqualTo(a.name);
            assertThat(retriesOf(running.id())).isEmpty();
        } finally {
            Files.writeString(gate, "go\n", StandardCharsets.UTF_8); // the agent program ends
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> ENDED.contains(episode(running.id()).state()));
        Row watched = episode(running.id());
        assertThat(watched.state()).as(watched.toString()).isEqualTo("FINISHED");
        assertThat(watched.failureReason()).isNull();
        assertThat(watched.attempt()).isEqualTo(1);
        assertThat(retriesOf(watched.id())).isEmpty();
        assertThat(episodesOf(submission)).hasSize(1);
        assertThat(submission(b, submission).getDouble("progress")).isEqualTo(1.0);
    }

    /** An external agent program that ends when the gate file (its first argument) appears. */
    static final String WAIT_FOR_GATE = """
            import os, sys, time
            deadline = time.monotonic() + 300
            while not os.path.exists(sys.argv[1]) and time.monotonic() < deadline:
                time.sleep(0.1)
            """;

    // ---- (c) a killed replica's episode is retried once by the survivor --------------------------------------------

    @Test
    void the_episode_of_a_killed_replica_is_failed_by_its_lease_and_retried_once_by_the_other() throws Exception {
        ensure(a, true);
        ensure(b, true);
        agent("replicas-failover", "sklearn");
        List<String> tasks = List.of("practice-tabular-binary", "practice-tabular-regression");
        long submission = submit("replicas-failover", tasks, 2);
        Row running = awaitRunningOn(a, submission);

        kill(a);
        // A is dead: what the database says it was running now is exactly what it was running when it died
        Set<String> atKill = episodesOf(submission).stream()
                .filter(e -> a.name.equals(e.runner())
                        && (ACTIVE.contains(e.state()) || INFRA_ERROR.equals(e.failureReason())))
                .map(Row::id).collect(Collectors.toSet());
        assertThat(atKill).as("A was still running " + running.id() + " when it was killed").contains(running.id())
                .as("A runs one episode at a time").hasSizeLessThanOrEqualTo(1);

        // B's sweep finds the expired lease: the episode fails with INFRA_ERROR and exactly one retry is queued
        await().atMost(Duration.ofMinutes(3)).until(() -> {
            Row e = episode(running.id());
            return "FAILED".equals(e.state()) && INFRA_ERROR.equals(e.failureReason());
        });
        await().atMost(Duration.ofMinutes(3)).until(() -> !retriesOf(running.id()).isEmpty());

        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> submission(b, submission).getDouble("progress") == 1.0);
        Row failed = episode(running.id());
        List<Row> retries = retriesOf(running.id());
        assertThat(retries).as("retries of " + running.id()).hasSize(1);
        assertThat(retries.get(0).attempt()).isEqualTo(failed.attempt() + 1);
        assertThat(retries.get(0).runner()).as("A is dead").isNotEqualTo(a.name);
        assertThat(retries.get(0).task()).isEqualTo(failed.task());
        assertThat(retries.get(0).seed()).isEqualTo(failed.seed());

        List<Row> episodes = episodesOf(submission);
        assertThat(episodes).noneMatch(e -> ACTIVE.contains(e.state()) || "QUEUED".equals(e.state()));
        assertThat(episodes.stream().filter(e -> INFRA_ERROR.equals(e.failureReason())).map(Row::id)
                .collect(Collectors.toSet())).as("only what A ran when it died failed for the infrastructure")
                .isEqualTo(atKill);
        Map<String, Integer> finishedPerRun = new HashMap<>();
        for (Row e : episodes) {
            if ("FINISHED".equals(e.state())) {
                finishedPerRun.merge(e.task() + "#" + e.seed(), 1, Integer::sum);
            }
        }
        assertThat(finishedPerRun).as(episodes.toString()).hasSize(tasks.size() * 2)
                .allSatisfy((run, n) -> assertThat(n).as(run).isEqualTo(1));
        // the killed replica's sandbox died with it; the survivor's last sandbox may still be tearing down
        await().atMost(Duration.ofSeconds(60)).until(() -> PackagedPlatform.sandboxProcesses().isEmpty());
    }

    // ---- (d) live views across replicas -----------------------------------------------------------------------------

    /**
     * A viewer on each replica follows one interactive episode while its steps go to both replicas in turn: each
     * viewer receives every step, whichever replica recorded it (the database's NOTIFY reaches both), then the closed
     * state, and its stream ends.
     */
    @Test
    void a_viewer_on_either_replica_sees_the_steps_recorded_on_both() throws Exception {
        ensure(a, null);
        ensure(b, null);
        String id = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("task", TASK, "budget", Map.of("max_steps", 30))).post(a.url + "/api/v1/episodes").then()
                .statusCode(201).extract().jsonPath().getString("id");
        try (SseClient onA = SseClient.open(a.url + "/api/v1/episodes/" + id + "/events", "demo");
                SseClient onB = SseClient.open(b.url + "/api/v1/episodes/" + id + "/events", "demo")) {
            assertThat(onA.status()).isEqualTo(200);
            assertThat(onB.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> !onA.events("state").isEmpty()
                    && !onB.events("state").isEmpty());
            Replica[] order = {a, b, b, a};
            for (int i = 0; i < order.length; i++) {
                int n = i + 1;
                given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                        .body(Map.of("action", "request_info", "params", Map.of("info_type", "name")))
                        .post(order[i].url + "/api/v1/episodes/" + id + "/step").then().statusCode(200);
                await().atMost(Duration.ofSeconds(30)).until(() -> onA.events("step").size() == n
                        && onB.events("step").size() == n);
            }
            given().auth().preemptive().basic("demo", "demo").delete(b.url + "/api/v1/episodes/" + id).then()
                    .statusCode(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> onA.ended() && onB.ended());
            for (SseClient viewer : List.of(onA, onB)) {
                assertThat(viewer.events("step")).extracting(SseClient.Event::id).containsExactly("1", "2", "3", "4");
                assertThat(viewer.events("step")).allSatisfy(e -> assertThat(e.data()).contains("\"action\":\"request_info\""));
                List<SseClient.Event> events = viewer.events();
                SseClient.Event last = events.get(events.size() - 1);
                assertThat(last.name()).isEqualTo("state");
                assertThat(last.data()).contains("\"closed\":true").contains("\"stepCount\":4");
            }
        }
    }

    // ---- (e) one API rate limit across replicas --------------------------------------------------------------------

    /**
     * A user's API requests count against one budget whichever replica answers them, and an admin's change made on
     * one replica applies on the other from the next request.
     */
    @Test
    void a_users_api_rate_limit_is_one_budget_across_replicas() throws Exception {
        ensure(a, null);
        ensure(b, null);
        given().auth().preemptive().basic("demo", "demo").get(a.url + "/api/v1/me").then().statusCode(200);
        try {
            rateLimit(b, 4);
            for (Replica r : new Replica[] {a, b, a, b}) {
                given().auth().preemptive().basic("demo", "demo").get(r.url + "/api/v1/me").then().statusCode(200)
                        .body("name", equalTo("demo"));
            }
            for (Replica r : new Replica[] {a, b}) {
                given().auth().preemptive().basic("demo", "demo").get(r.url + "/api/v1/me").then().statusCode(429)
                        .contentType("application/problem+json").header("Retry-After", notNullValue())
                        .body("detail", containsString("at most 4 API requests per minute"));
            }
            rateLimit(a, 6); // changed on A: B applies it from the next request, afresh
            for (Replica r : new Replica[] {b, b, b, a, a, a}) {
                given().auth().preemptive().basic("demo", "demo").get(r.url + "/api/v1/me").then().statusCode(200);
            }
            given().auth().preemptive().basic("demo", "demo").get(b.url + "/api/v1/me").then().statusCode(429)
                    .body("detail", containsString("at most 6 API requests per minute"));
        } finally {
            rateLimit(a, null); // back to the replicas' default (none), for the other tests' steps
        }
    }

    static void rateLimit(Replica r, Integer perMinute) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("rate_limit_per_minute", perMinute);
        given().auth().preemptive().basic("admin", "admin").contentType(ContentType.JSON).body(body)
                .put(r.url + "/api/v1/admin/users/demo/quota").then().statusCode(200);
    }

    // ---- replicas ---------------------------------------------------------------------------------------------------

    /** Makes sure the replica runs, with the given scheduling switch (null: either), restarting it if needed. */
    static void ensure(Replica r, Boolean scheduling) throws IOException {
        if (r.alive() && (scheduling == null || r.scheduling == scheduling)) {
            return;
        }
        stop(r);
        launch(r, scheduling == null || scheduling);
    }

    static void launch(Replica r, boolean scheduling) throws IOException {
        Map<String, String> props = new LinkedHashMap<>(db);
        if (firstStarted) {
            // with TEST_DB_URL the first JVM cleans the shared database; any later one would wipe the other's data
            props.put("quarkus.flyway.clean-at-start", "false");
        }
        props.put("dojo.instance.id", r.name);
        props.put("dojo.scheduling.lease", LEASE);
        props.put("dojo.scheduling.sweep-every", SWEEP_EVERY);
        props.put("dojo.scheduling.enabled", Boolean.toString(scheduling));
        props.put("dojo.scheduling.local-capacity", "1");
        props.put("dojo.sandbox.base-uid", Integer.toString(r.baseUid));
        props.put("dojo.sandbox.uid-count", "400");
        props.put("dojo.rate-limit.requests-per-minute", "0");
        props.put("dojo.demo.enabled", "false");
        props.put("dojo.agents.external-processes", "true"); // the gated agent of (b) is an external program
        props.put("dojo.agents.program-dirs", Path.of("target/replicas-it").toAbsolutePath().toString());
        firstStarted = true;
        r.scheduling = scheduling;
        r.platform.start(props);
    }

    /** SIGKILL: no shutdown hook, no cleanup. */
    static void kill(Replica r) throws InterruptedException {
        r.platform.kill();
    }

    static void stop(Replica r) {
        r.platform.stop();
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------------

    static Answer step(HttpClient http, Replica r, String episode, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(r.url + "/api/v1/episodes/" + episode + "/step"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.name, response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(r.name, -1, "{\"error\": \"" + e.toString().replace("\"", "'") + "\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(r.name, -1, "{\"error\": \"interrupted\"}");
        }
    }

    static void agent(String name, String baseline) {
        int status = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", "baseline", "config", Map.of("baseline", baseline)))
                .post(a.url + "/api/v1/agents").then().extract().statusCode();
        assertThat(status).isIn(201, 409);
    }

    static long submit(String agent, List<String> tasks, int seeds) {
        return given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("agent", agent, "seeds", seeds, "suite", Map.of("tasks", tasks)))
                .post(a.url + "/api/v1/submissions").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static JsonPath submission(Replica r, long id) {
        return given().auth().preemptive().basic("demo", "demo").get(r.url + "/api/v1/submissions/" + id).then()
                .statusCode(200).extract().jsonPath();
    }

    // ---- database ---------------------------------------------------------------------------------------------------

    /** Waits until an episode of the submission runs on the replica; returns it. */
    static Row awaitRunningOn(Replica r, long submission) {
        List<Row> found = new ArrayList<>();
        await().atMost(Duration.ofMinutes(5)).until(() -> {
            assertThat(r.alive()).as(r.name + " (see " + r.platform.log + ")").isTrue();
            found.clear();
            found.addAll(rows("submission_id = ? and state = 'RUNNING' and runner_instance = ?", submission, r.name));
            return !found.isEmpty();
        });
        return found.get(0);
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(db.get("quarkus.datasource.jdbc.url"), db.get("quarkus.datasource.username"),
                db.get("quarkus.datasource.password"));
    }

    static List<Row> rows(String where, Object... args) throws SQLException {
        String sql = "select id, state, failure_reason, runner_instance, retry_of, attempt, task_slug, seed from episode"
                + " where " + where + " order by id";
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString("id"), rs.getString("state"), rs.getString("failure_reason"),
                            rs.getString("runner_instance"), rs.getString("retry_of"), rs.getInt("attempt"),
                            rs.getString("task_slug"), rs.getLong("seed")));
                }
            }
            return rows;
        }
    }

    static List<Row> episodesOf(long submission) throws SQLException {
        return rows("submission_id = ?", submission);
    }

    static Row episode(String id) throws SQLException {
        List<Row> found = rows("id = ?", id);
        assertThat(found).as("episode " + id).hasSize(1);
        return found.get(0);
    }

    static Instant leaseUntil(String id) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("select lease_until from episode where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                java.sql.Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        }
    }

    static List<Row> retriesOf(String id) throws SQLException {
        return rows("retry_of = ?", id);
    }

    static List<Integer> stepNumbers(String episode) throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(
                        "select number from episode_step where episode_id = ? order by number")) {
            ps.setString(1, episode);
            List<Integer> numbers = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    numbers.add(rs.getInt(1));
                }
            }
            return numbers;
        }
    }
}
