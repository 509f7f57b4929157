package dev.mledojo.episode;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.scheduling.Scheduler;
import dev.mledojo.testing.SseClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * A documented load test of the live views (not part of the suite; run it with
 * {@code ./mvnw -Pbench test -Dtest=LiveViewsBench -Dsurefire.failIfNoSpecifiedTests=false}, see
 * src/docs/performance.md). Opens {@code bench.viewers} (100) episode streams over HTTP on 10 idle interactive
 * episodes, then:
 * <ol>
 * <li>counts, over an idle window of {@code bench.window} seconds (20), the streams' reads ({@code dojo.live.reads})
 * and the database's transactions ({@code pg_stat_database}); the same window is measured with no viewers (the
 * platform's own background work) and with the previous design for reference: one {@code EpisodeWatch.poll} per
 * viewer every 500 ms, as the ticking stream did;</li>
 * <li>measures commit → viewer latency over {@code bench.steps} (200) changes of an 11th episode with one more viewer:
 * a one-row update committed on a connection of its own (time from before the commit to the event's arrival at the
 * client), and real {@code request_info} steps over HTTP (time from sending the step to the step event's arrival,
 * next to the step's own HTTP round trip).</li>
 * </ol>
 */
@QuarkusTest
class LiveViewsBench {

    private static final String TASK = "practice-tabular-binary";
    private static final String USER = "watcher";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Inject
    MeterRegistry registry;

    @Inject
    Scheduler scheduler;

    @Inject
    EpisodeWatch watch;

    private final Gym gym = new Gym(USER, USER);

    @Test
    void liveViews() throws Exception {
        int viewers = Integer.getInteger("bench.viewers", 100);
        int steps = Integer.getInteger("bench.steps", 200);
        Duration window = Duration.ofSeconds(Integer.getInteger("bench.window", 20));
        scheduler.pause(); // no admissions: the window sees the platform's sweeps only
        StringBuilder out = new StringBuilder();
        List<String> idle = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            idle.add(gym.create(TASK, 500));
        }
        String active = gym.create(TASK, 500);
        List<SseClient> clients = new ArrayList<>();
        try {
            // 1. the idle windows: nobody, the pushed streams, the polling reference (with the streams still open)
            settle();
            long quiet = transactions(window);
            for (int i = 0; i < viewers; i++) {
                clients.add(SseClient.open(base + "api/v1/episodes/" + idle.get(i % idle.size()) + "/events", USER));
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> clients.stream().allMatch(c -> c.events().size() == 1));
            settle();
            double readsBefore = reads();
            long pushed = transactions(window);
            double idleReads = reads() - readsBefore;
            long eventsInWindow = clients.stream().mapToLong(c -> c.events().size() - 1).sum();
            long polled = polling(idle, viewers, window);
            out.append(String.format(Locale.ROOT, "idle window %d s, %d viewers on %d episodes%n", window.toSeconds(),
                    viewers, idle.size()));
            out.append(String.format(Locale.ROOT, "  database transactions, no viewers:                 %6d%n", quiet));
            out.append(String.format(Locale.ROOT, "  database transactions, polling every 500 ms (before): %4d%n",
                    polled));
            out.append(String.format(Locale.ROOT, "  database transactions, pushed streams (after):     %6d%n", pushed));
            out.append(String.format(Locale.ROOT, "  reads by the pushed streams: %.0f, events sent: %d%n", idleReads,
                    eventsInWindow));

            // 2. commit -> viewer, with the 100 idle viewers still open
            try (SseClient viewer = SseClient.open(base + "api/v1/episodes/" + active + "/events", USER);
                    Connection c = database();
                    PreparedStatement update = c.prepareStatement("update episode set total_reward = ? where id = ?")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> viewer.events().size() == 1);
                long[] commit = new long[steps];
                for (int i = 1; i <= steps; i++) {
                    int seen = viewer.events().size();
                    update.setDouble(1, i);
                    update.setString(2, active);
                    long t0 = System.nanoTime();
                    update.executeUpdate(); // autocommit: the round trip includes the commit
                    await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(30))
                            .until(() -> viewer.events().size() > seen);
                    SseClient.Event e = viewer.events().get(seen);
                    if (JSON.readTree(e.data()).get("totalReward").asDouble() != i) {
                        throw new IllegalStateException("unexpected event " + e);
                    }
                    commit[i - 1] = e.receivedNanos() - t0;
                }
                long[] toViewer = new long[steps];
                long[] roundTrip = new long[steps];
                for (int i = 1; i <= steps; i++) {
                    int n = i;
                    long t0 = System.nanoTime();
                    given().auth().preemptive().basic(USER, USER).contentType(ContentType.JSON)
                            .body(Map.of("action", "request_info", "params", Map.of("info_type", "name")))
                            .post("/api/v1/episodes/" + active + "/step").then().statusCode(200);
                    roundTrip[i - 1] = System.nanoTime() - t0;
                    await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(30))
                            .until(() -> viewer.events("step").size() == n);
                    toViewer[i - 1] = viewer.events("step").get(n - 1).receivedNanos() - t0;
                }
                out.append(String.format(Locale.ROOT, "latency over %d changes, ms (p50 / p90 / p99 / max)%n", steps));
                out.append("  one-row update committed elsewhere -> viewer: ").append(percentiles(commit)).append('\n');
                out.append("  request_info step sent -> step event at viewer: ").append(percentiles(toViewer))
                        .append('\n');
                out.append("  request_info step HTTP round trip (reference): ").append(percentiles(roundTrip))
                        .append('\n');
            }
            System.out.println("\n==== LiveViewsBench ====\n" + out);
        } finally {
            clients.forEach(SseClient::close);
            scheduler.resume();
            idle.forEach(gym::close);
            gym.close(active);
        }
    }

    /** The previous design for reference: one tick loop per viewer reading the episode every 500 ms. */
    private long polling(List<String> episodes, int viewers, Duration window) throws Exception {
        List<Cancellable> loops = new ArrayList<>();
        AtomicLong polls = new AtomicLong();
        for (int i = 0; i < viewers; i++) {
            String id = episodes.get(i % episodes.size());
            loops.add(io.smallrye.mutiny.Multi.createFrom().ticks().every(Duration.ofMillis(500))
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(t -> watch.poll(id, 0)).subscribe().with(p -> polls.incrementAndGet()));
        }
        try {
            return transactions(window);
        } finally {
            loops.forEach(Cancellable::cancel);
        }
    }

    /** Lets every backend flush its statistics (an idle backend does within 10 s), so windows do not overlap. */
    private static void settle() throws InterruptedException {
        Thread.sleep(11_000);
    }

    private double reads() {
        return registry.find("dojo.live.reads").counters().stream().mapToDouble(Counter::count).sum();
    }

    /**
     * The database's committed and rolled-back transactions during {@code window} (cumulative statistics, which
     * backends flush at most once a second, and within 10 s when idle: approximate to a few transactions), minus the
     * two of this method's own that fall inside the window.
     */
    private static long transactions(Duration window) throws Exception {
        long before = xacts();
        Thread.sleep(window.toMillis()); // a measurement window, not a wait for a condition
        long after = xacts();
        return after - before - 2;
    }

    private static long xacts() throws SQLException {
        try (Connection c = database(); Statement s = c.createStatement()) {
            s.execute("select pg_stat_force_next_flush()");
            try (ResultSet r = s.executeQuery("select xact_commit + xact_rollback from pg_stat_database "
                    + "where datname = current_database()")) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static Connection database() throws SQLException {
        var config = ConfigProvider.getConfig();
        Properties p = new Properties();
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(u -> p.setProperty("user", u));
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(w -> p.setProperty("password", w));
        return new org.postgresql.Driver().connect(config.getValue("quarkus.datasource.jdbc.url", String.class), p);
    }

    private static String percentiles(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f", at(s, 0.50), at(s, 0.90), at(s, 0.99),
                s[s.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
