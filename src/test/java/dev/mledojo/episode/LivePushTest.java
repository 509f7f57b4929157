package dev.mledojo.episode;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.db.ChangeListener;
import dev.mledojo.scheduling.Scheduler;
import dev.mledojo.testing.SseClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The live streams are pushed by the database's change notifications: a step recorded by the platform, a change
 * written by "another replica" (plain SQL on a connection of its own) and announced with NOTIFY, and a change nobody
 * announced while the listener was cut off (found by the resync after it reconnects) each reach an open stream; idle
 * streams do not read the database at all; a submission's stream follows its episode from the queue to the end.
 */
@QuarkusTest
class LivePushTest {

    private static final String TASK = "practice-tabular-binary";
    private static final String USER = "watcher";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Inject
    MeterRegistry registry;

    @Inject
    Scheduler scheduler;

    private final Gym gym = new Gym(USER, USER);

    private SseClient watch(String episode) throws Exception {
        SseClient client = SseClient.open(base + "api/v1/episodes/" + episode + "/events", USER);
        assertThat(client.status()).isEqualTo(200);
        // the first read: the episode as it is now
        await().atMost(WAIT).until(() -> !client.events("state").isEmpty());
        return client;
    }

    private static JsonNode data(SseClient.Event event) throws Exception {
        return JSON.readTree(event.data());
    }

    private static JsonNode lastState(SseClient client) throws Exception {
        List<SseClient.Event> states = client.events("state");
        return data(states.get(states.size() - 1));
    }

    private double reads(String stream) {
        return registry.find("dojo.live.reads").tag("stream", stream).counters().stream().mapToDouble(Counter::count).sum();
    }

    private double connects() {
        return registry.find("dojo.live.listener.connects").functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
    }

    /** A connection of its own to the platform's database, as another replica (or an operator) would have. */
    private static Connection database() throws SQLException {
        var config = ConfigProvider.getConfig();
        Properties p = new Properties();
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(u -> p.setProperty("user", u));
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(w -> p.setProperty("password", w));
        return new org.postgresql.Driver().connect(config.getValue("quarkus.datasource.jdbc.url", String.class), p);
    }

    /**
     * Sets the episode's total reward in one transaction with its change trigger off, so that the database announces
     * nothing by itself; {@code announce} then sends the NOTIFY a replica's trigger would have sent.
     */
    private static void silentUpdate(String episode, double totalReward, boolean announce) throws SQLException {
        try (Connection c = database()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("alter table episode disable trigger episode_live");
                try (PreparedStatement u = c.prepareStatement("update episode set total_reward = ? where id = ?")) {
                    u.setDouble(1, totalReward);
                    u.setString(2, episode);
                    assertThat(u.executeUpdate()).isEqualTo(1);
                }
                s.execute("alter table episode enable trigger episode_live");
                if (announce) {
                    s.execute("notify dojo_episode, '" + episode + "'");
                }
            }
            c.commit();
        }
    }

    @Test
    void a_step_recorded_by_the_platform_reaches_an_open_stream() throws Exception {
        String episode = gym.create(TASK, 20);
        try (SseClient client = watch(episode)) {
            assertThat(lastState(client).get("stepCount").asInt()).isZero();
            assertThat(client.events("step")).isEmpty();

            gym.step(episode, "request_info", Map.of("info_type", "name"));

            await().atMost(WAIT).until(() -> !client.events("step").isEmpty()
                    && lastState(client).get("stepCount").asInt() == 1);
            SseClient.Event step = client.events("step").get(0);
            assertThat(step.id()).isEqualTo("1");
            JsonNode line = data(step);
            assertThat(line.get("number").asInt()).isEqualTo(1);
            assertThat(line.get("action").asText()).isEqualTo("request_info");
            assertThat(line.get("status").asText()).isEqualTo("success");
            assertThat(line.get("feedback").asText()).isNotBlank();
            assertThat(line.get("done").asBoolean()).isFalse();
            assertThat(lastState(client).get("state").asText()).isEqualTo("running");

            // closing the episode: the closed state is the last event, then the stream ends
            gym.close(episode).statusCode(200);
            await().atMost(WAIT).until(client::ended);
            JsonNode closed = lastState(client);
            assertThat(closed.get("closed").asBoolean()).isTrue();
            assertThat(client.events().get(client.events().size() - 1).name()).isEqualTo("state");
            assertThat(client.events("step")).hasSize(1);
        }
    }

    @Test
    void a_change_written_and_announced_by_another_replica_reaches_an_open_stream() throws Exception {
        String episode = gym.create(TASK, 20);
        try (SseClient client = watch(episode)) {
            assertThat(lastState(client).get("totalReward").asDouble()).isZero();

            silentUpdate(episode, 41.5, true);
            await().atMost(WAIT).until(() -> lastState(client).get("totalReward").asDouble() == 41.5);

            // and a plain write by another replica announces itself (the table's trigger)
            try (Connection c = database(); PreparedStatement u = c.prepareStatement(
                    "update episode set total_reward = 7.25 where id = ?")) {
                u.setString(1, episode);
                assertThat(u.executeUpdate()).isEqualTo(1);
            }
            await().atMost(WAIT).until(() -> lastState(client).get("totalReward").asDouble() == 7.25);
            assertThat(client.events("state")).extracting(e -> data(e).get("totalReward").asDouble())
                    .containsExactly(0.0, 41.5, 7.25);
        } finally {
            gym.close(episode);
        }
    }

    @Test
    void idle_streams_do_not_read_the_database() throws Exception {
        String idleA = gym.create(TASK, 20);
        String idleB = gym.create(TASK, 20);
        String active = gym.create(TASK, 20);
        List<SseClient> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                idle.add(watch(idleA));
                idle.add(watch(idleB));
            }
            try (SseClient busy = watch(active)) {
                double before = reads("episode");
                // one committed change of another episode, announced once: exactly one read, by its own stream
                try (Connection c = database(); PreparedStatement u = c.prepareStatement(
                        "update episode set total_reward = 2.5 where id = ?")) {
                    u.setString(1, active);
                    assertThat(u.executeUpdate()).isEqualTo(1);
                }
                await().atMost(WAIT).until(() -> lastState(busy).get("totalReward").asDouble() == 2.5);
                assertThat(reads("episode") - before).isEqualTo(1.0);
                for (SseClient c : idle) {
                    assertThat(c.events()).hasSize(1);
                    assertThat(c.ended()).isFalse();
                }
            }
        } finally {
            idle.forEach(SseClient::close);
            List.of(idleA, idleB, active).forEach(gym::close);
        }
    }

    @Test
    void after_the_listener_reconnects_every_stream_reads_once_so_nothing_is_missed() throws Exception {
        String episode = gym.create(TASK, 20);
        try (SseClient client = watch(episode)) {
            await().atMost(WAIT).until(() -> connects() >= 1);
            double connected = connects();
            // a change nobody announces, then the listening session is cut: only the resync can bring it
            silentUpdate(episode, 3.5, false);
            try (Connection c = database(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                    "select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity "
                            + "where application_name = '" + ChangeListener.APPLICATION_NAME + "'")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(1);
            }
            await().atMost(WAIT).until(() -> lastState(client).get("totalReward").asDouble() == 3.5);
            assertThat(connects()).isGreaterThan(connected);
            assertThat(client.ended()).isFalse();
        } finally {
            gym.close(episode);
        }
    }

    @Test
    void a_submission_stream_follows_its_episode_from_the_queue_to_the_end() throws Exception {
        int status = given().auth().preemptive().basic(USER, USER).contentType(ContentType.JSON)
                .body(Map.of("name", "push-sub", "kind", "scripted", "visibility", "private", "config",
                        Map.of("script", List.of("get_history", "request_info"))))
                .post("/api/v1/agents").then().extract().statusCode();
        assertThat(status).isIn(201, 409);
        scheduler.pause();
        try {
            long id = given().auth().preemptive().basic(USER, USER).contentType(ContentType.JSON)
                    .body(Map.of("agent", "push-sub", "suite", Map.of("tasks", List.of(TASK))))
                    .post("/api/v1/submissions").then().statusCode(201).extract().jsonPath().getLong("id");
            try (SseClient client = SseClient.open(base + "api/v1/submissions/" + id + "/events", USER)) {
                assertThat(client.status()).isEqualTo(200);
                await().atMost(WAIT).until(() -> !client.events().isEmpty());
                JsonNode first = data(client.events().get(0));
                assertThat(first.get("id").asLong()).isEqualTo(id);
                assertThat(first.get("progress").asDouble()).isZero();
                assertThat(first.get("episodes").get(0).get("state").asText()).isEqualTo("queued");
                assertThat(first.get("episodes").get(0).get("position").isNumber()).isTrue();

                scheduler.resume();
                await().atMost(Duration.ofSeconds(120)).until(client::ended);
                List<SseClient.Event> events = client.events();
                JsonNode last = data(events.get(events.size() - 1));
                assertThat(last.get("progress").asDouble()).isEqualTo(1.0);
                assertThat(last.get("episodes").get(0).get("state").asText()).isEqualTo("finished");
                assertThat(last.get("counts").get("finished").asInt()).isEqualTo(1);
                assertThat(events.size()).isGreaterThan(1);
            }
        } finally {
            scheduler.resume();
        }
    }
}
