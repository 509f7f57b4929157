package dev.mledojo.dataset;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mledojo.task.TaskService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A documented load test of the dataset exports (not part of the suite; run it with
 * {@code ./mvnw -Pbench test -Dtest=DatasetExportBench -Dsurefire.failIfNoSpecifiedTests=false}, see
 * src/docs/performance.md). Writes {@code bench.episodes} (2,000) finished episodes of one agent with
 * {@code bench.steps} (30) steps each (about 3 kB of feedback and output per step) straight into the embedded
 * PostgreSQL, then downloads the agent's dataset over HTTP in each format with the platform's default batch size (25):
 * time to the first byte, total time, bytes, lines, and the JVM's peak live heap while it streams (a GC, then the
 * heap in use, every 100 ms; client and server share the JVM, the client only counts bytes). For reference, in the same run, the
 * RL export is built in memory as a response that is not streamed would hold it.
 */
@QuarkusTest
@TestProfile(DatasetExportBench.DefaultBatches.class)
class DatasetExportBench {

    /** The production batch size (the test profile's is 2). */
    public static class DefaultBatches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dojo.datasets.batch-size", "25", "dojo.demo.enabled", "false");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    TaskService tasks;

    @Inject
    javax.sql.DataSource db;

    @Inject
    DatasetConfig config;

    @Inject
    DatasetService datasets;

    @Test
    void export() throws Exception {
        int episodes = Integer.getInteger("bench.episodes", 2000);
        int steps = Integer.getInteger("bench.steps", 30);
        String name = "bench-ds-" + System.nanoTime();
        long t0 = System.nanoTime();
        seed(name, episodes, steps);
        System.out.printf(Locale.ROOT, "DatasetExportBench: seeded %d episodes × %d steps in %.1f s (batch size %d)%n",
                episodes, steps, (System.nanoTime() - t0) / 1e9, config.batchSize());
        HttpClient client = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes());
        for (String format : List.of("sft.jsonl", "rl.jsonl", "trajectories.zip", "rl.jsonl?gzip=true")) {
            download(client, auth, "api/v1/datasets/agents/demo/" + name + "/" + format, "batch 25");
        }
        // reference in the same run: the same RL export built in memory first, as a response that is not streamed
        // would hold it
        DatasetService.Plan plan = datasets.plan(Selection.agent("demo", name, null), DatasetFilter.NONE,
                new dev.mledojo.account.Requester("demo", false, 0));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        long start = System.nanoTime();
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        datasets.write(plan, DatasetFormat.RL, false, whole);
        long total = System.nanoTime() - start;
        System.gc();
        long held = memory.getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "DatasetExportBench: %-22s %-9s reference, built in memory: total %6.2f s, "
                + "%7.1f MB; live heap %5.0f MB before, %5.0f MB holding it (+%4.0f MB)%n", "rl.jsonl", "batch 25",
                total / 1e9, whole.size() / 1e6, before / 1e6, held / 1e6, (held - before) / 1e6);
    }

    private void download(HttpClient client, String auth, String path, String label) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(before);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                System.gc(); // the live set, not the garbage a large heap lets pile up between collections
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        long start = System.nanoTime();
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        long firstByte = 0;
        try (InputStream in = r.body()) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                if (bytes == 0) {
                    firstByte = System.nanoTime() - start;
                }
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        long total = System.nanoTime() - start;
        running.set(false);
        sampler.join();
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " → " + r.statusCode());
        }
        System.out.printf(Locale.ROOT, "DatasetExportBench: %-22s %-9s X-Total-Episodes %s: first byte %5.0f ms, "
                + "total %6.2f s, %7.1f MB (%5.1f MB/s), %7d newlines; live heap %5.0f MB before, peak %5.0f MB "
                + "(+%4.0f MB)%n", path.substring(path.lastIndexOf('/') + 1), label,
                r.headers().firstValue("X-Total-Episodes").orElse("?"), firstByte / 1e6, total / 1e9, bytes / 1e6,
                bytes / 1e6 / (total / 1e9), lines, before / 1e6, peak.get() / 1e6, (peak.get() - before) / 1e6);
    }

    /** One public agent of demo with a submission, and its finished episodes and steps written with SQL. */
    private void seed(String name, int episodes, int steps) throws Exception {
        var task = tasks.currentVersion("practice-tabular-binary").orElseThrow();
        long[] ids = QuarkusTransaction.requiringNew().call(() -> {
            dev.mledojo.testing.TestAgents.Made made = dev.mledojo.testing.TestAgents.withSubmission("demo", name,
                    true, List.of(task.slug()), episodes, steps, "active");
            return new long[] {made.version().id, made.submission().id};
        });
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement p = c.prepareStatement("""
                    insert into episode (id, task_version_id, task_slug, owner, agent_kind, seed, state, end_reason,
                        max_steps, wall_time_s, score_mode, feedback_mode, step_count, submission_count, total_reward,
                        result, created_at, started_at, ended_at, submission_id, agent_version_id, projected_at)
                    select 'bench-' || ? || '-' || g, ?, ?, 'demo', 'baseline', g, 'FINISHED', 'the agent stopped',
                        ?, 600, 'HUMANRANK', 'split', ?, 0, ? * 0.5,
                        jsonb_build_object('valid', true, 'humanRank', (g % 100) / 100.0, 'medal', 'NONE',
                            'steps', ?, 'submissions', 0, 'wallTimeSeconds', 60, 'aboveMedian', false),
                        now() - interval '2 days', now() - interval '2 days', now() - (? - g) * interval '1 second',
                        ?, ?, now()
                    from generate_series(1, ?) g""")) {
                String tag = name.substring(name.lastIndexOf('-') + 1);
                int i = 1;
                p.setString(i++, tag);
                p.setLong(i++, task.id());
                p.setString(i++, task.slug());
                p.setInt(i++, steps);
                p.setInt(i++, steps);
                p.setInt(i++, steps);
                p.setInt(i++, steps);
                p.setInt(i++, episodes);
                p.setLong(i++, ids[1]);
                p.setLong(i++, ids[0]);
                p.setInt(i++, episodes);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("""
                    insert into episode_step (id, episode_id, number, action, params, status, error_kind, result,
                        feedback, reward, done, started_at, duration_ms)
                    select nextval('episode_step_seq'), 'bench-' || ? || '-' || g, n, 'execute_code',
                        jsonb_build_object('code', 'import pandas as pd\n' || repeat('# model code\n', 20) || n),
                        'success', null,
                        jsonb_build_object('stdout', repeat('epoch loss 0.1234 ', 60), 'execution_time', n * 0.01),
                        '=== Code Execution Results ===\n' || repeat('feedback line with scores\n', 60), 0.5, false,
                        now() - interval '2 days', 100
                    from generate_series(1, ?) g, generate_series(1, ?) n""")) {
                p.setString(1, name.substring(name.lastIndexOf('-') + 1));
                p.setInt(2, episodes);
                p.setInt(3, steps);
                p.executeUpdate();
            }
        }
    }
}
