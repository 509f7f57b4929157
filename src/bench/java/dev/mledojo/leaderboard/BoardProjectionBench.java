package dev.mledojo.leaderboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mledojo.account.Requester;
import dev.mledojo.agent.Agent;
import dev.mledojo.agent.AgentVersion;
import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeResult;
import dev.mledojo.episode.EpisodeState;
import dev.mledojo.scheduling.Submission;
import dev.mledojo.task.TaskVersion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A documented load test of the boards (not part of the suite; run it with
 * {@code ./mvnw -Pbench test -Dtest=BoardProjectionBench -Dsurefire.failIfNoSpecifiedTests=false}): a synthetic board
 * of 200 tasks × 50 agents × 3 seeds (30,000 finished episodes) is projected from scratch and every board's snapshot
 * computed; then, 200 times, one more episode finishes and its entry is projected (the first 5 times followed by the
 * snapshot pass over every board); then the board is read right after a change and 200 times more (cached); then
 * {@code /}, {@code /leaderboard}, {@code /leaderboard/domains}, {@code /compare} and the JSON board are loaded over
 * HTTP by 100 concurrent connections.
 */
@QuarkusTest
@TestProfile(BoardProjectionBench.Quiet.class)
class BoardProjectionBench {

    /** The scheduled projector stays out of the way: the benchmark calls it. */
    public static class Quiet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dojo.leaderboard.project-every", "1h", "dojo.scheduling.enabled", "false",
                    "quarkus.log.category.\"dev.mledojo\".level", "WARN");
        }
    }

    static final int TASKS = 200;
    static final int AGENTS = 50;
    static final int SEEDS = 3;
    static final int TRIALS = 200;
    static final int SNAPSHOTS = 5;
    static final int CONNECTIONS = 100;
    static final int REQUESTS = 5000;
    static final int WARMUP = 1000;

    @Inject
    BoardProjector projector;

    @Inject
    LeaderboardService boards;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL base;

    @Test
    void projection() throws Exception {
        List<Ref> tasks = QuarkusTransaction.requiringNew().call(() -> TaskVersion.<TaskVersion>list(
                "order by id").stream().filter(v -> v.definition != null).limit(TASKS)
                .map(v -> new Ref(v.id, v.task.slug, v.number)).toList());
        if (tasks.size() < TASKS) {
            throw new IllegalStateException("the catalogue has only " + tasks.size() + " task versions");
        }
        SplittableRandom random = new SplittableRandom(1);
        List<long[]> agents = new ArrayList<>(); // {agent version, submission}
        for (int a = 0; a < AGENTS; a++) {
            int n = a;
            agents.add(QuarkusTransaction.requiringNew().call(() -> {
                Agent agent = new Agent();
                agent.owner = "demo";
                agent.name = String.format(Locale.ROOT, "bench-%02d-%d", n, System.nanoTime());
                agent.kind = "baseline";
                agent.visibility = "public";
                agent.createdAt = Instant.now();
                agent.persist();
                AgentVersion v = agent.addVersion(Map.of("baseline", "constant"));
                Submission s = new Submission();
                s.owner = "demo";
                s.agentVersion = v;
                s.suite = List.of("bench");
                s.seeds = SEEDS;
                s.maxSteps = 1;
                s.state = "active";
                s.createdAt = Instant.now();
                s.persist();
                return new long[] {v.id, s.id};
            }));
        }
        for (long[] agent : agents) {
            QuarkusTransaction.requiringNew().run(() -> {
                for (Ref t : tasks) {
                    for (int seed = 0; seed < SEEDS; seed++) {
                        finished(agent, t, seed, random.nextDouble()).persist();
                    }
                }
            });
        }
        long t0 = System.nanoTime();
        int projected = projector.projectEntries();
        long initial = System.nanoTime() - t0;
        long s0 = System.nanoTime();
        boards.snapshotAll();
        long firstSnapshot = System.nanoTime() - s0;

        long[] update = new long[TRIALS];
        long[] snapshot = new long[SNAPSHOTS];
        for (int i = 0; i < TRIALS; i++) {
            long[] agent = agents.get(random.nextInt(AGENTS));
            Ref t = tasks.get(random.nextInt(TASKS));
            int seed = SEEDS + i;
            double rank = random.nextDouble();
            QuarkusTransaction.requiringNew().run(() -> finished(agent, t, seed, rank).persist());
            long s = System.nanoTime();
            int n = projector.projectEntries();
            update[i] = System.nanoTime() - s;
            if (n != 1) {
                throw new IllegalStateException("expected one episode projected, got " + n);
            }
            if (i < SNAPSHOTS) {
                long p = System.nanoTime();
                boards.snapshotAll();
                snapshot[i] = System.nanoTime() - p;
            }
        }
        boards.snapshotAll();
        Requester viewer = new Requester("nobody", false, 0);
        long c = System.nanoTime();
        LeaderboardService.Board board = boards.overall(viewer);
        long cold = System.nanoTime() - c;
        long[] warm = new long[TRIALS];
        for (int i = 0; i < TRIALS; i++) {
            long s = System.nanoTime();
            boards.overall(viewer);
            warm[i] = System.nanoTime() - s;
        }
        String first = "demo/" + board.rows().get(0).agent();
        String second = "demo/" + board.rows().get(1).agent();
        StringBuilder http = new StringBuilder();
        System.out.printf(Locale.ROOT, "BoardProjectionBench: projection %.1f s, first snapshot pass %.1f s%n%s%s",
                initial / 1e9, firstSnapshot / 1e9, line("one episode ends: project entry", update),
                line("then snapshot pass, all boards", snapshot));
        for (String path : List.of("/css/dojo.css", "/", "/leaderboard", "/leaderboard/domains", "/compare?agents=" + first + "," + second,
                "/api/v1/leaderboards/overall")) {
            String l = load(path);
            System.out.print("BoardProjectionBench: " + l);
            http.append(l);
        }
        StringBuilder wrk = new StringBuilder();
        if (Files.isExecutable(Path.of("/usr/bin/wrk"))) {
            for (String path : List.of("/css/dojo.css", "/", "/leaderboard", "/leaderboard/domains",
                    "/compare?agents=" + first + "," + second, "/api/v1/leaderboards/overall")) {
                String l = wrk(path);
                System.out.print("BoardProjectionBench wrk: " + l);
                wrk.append(l);
            }
        } else {
            wrk.append("(wrk not installed: apt-get install wrk)\n");
        }
        String out = String.format(Locale.ROOT, """
                synthetic board: %d tasks x %d agents x %d seeds = %d episodes, %d rows on the board
                initial projection of %d episodes (entries only): %.1f s
                first snapshot pass (%d boards x public cohort; all statistics): %.1f s
                %s%s%s
                HTTP at %d concurrent connections (%d requests per page after %d warm-up requests; JDK HttpClient,
                HTTP/1.1, client and server on the same 2-core machine; /css/dojo.css, a static file, is the harness's
                ceiling on this machine):
                %s
                The same with wrk (C, epoll; 2 threads, %d connections, 15 s per page after a 5 s warm-up):
                %s""", TASKS, AGENTS, SEEDS, TASKS * AGENTS * SEEDS, board.rows().size(), projected, initial / 1e9,
                boards.scopes().size(), firstSnapshot / 1e9, line("one episode ends: project entry", update),
                line("then snapshot pass, all boards", snapshot), String.format(Locale.ROOT,
                        "first read after a change (from the stored snapshot): %.1f ms%n%s", cold / 1e6,
                        line("overall board, cached (warm)", warm)), CONNECTIONS, REQUESTS, WARMUP, http, CONNECTIONS, wrk);
        System.out.println("\n==== BoardProjectionBench ====\n" + out);
        Files.writeString(Path.of("target/board-bench.txt"), out);
    }

    /** wrk on a page: p50, p90, p99 and max latency and the request rate, from wrk's own latency distribution. */
    String wrk(String path) throws Exception {
        String url = base.toURI().resolve(path).toString();
        run("wrk", "-t2", "-c" + CONNECTIONS, "-d5s", url); // warm-up
        String report = run("wrk", "-t2", "-c" + CONNECTIONS, "-d15s", "--latency", url);
        java.util.function.Function<String, String> grab = label -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*" + java.util.regex.Pattern.quote(label)
                    + "\\s+(\\S+)").matcher(report);
            return m.find() ? m.group(1) : "?";
        };
        java.util.regex.Matcher max = java.util.regex.Pattern.compile("Latency\\s+\\S+\\s+\\S+\\s+(\\S+)").matcher(report);
        java.util.regex.Matcher errors = java.util.regex.Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(report);
        if (errors.find()) {
            throw new IllegalStateException(path + ": " + errors.group(1) + " error responses under wrk");
        }
        return String.format(Locale.ROOT, "%-32s p50 %9s  p90 %9s  p99 %9s  max %9s  %8s req/s%n",
                path.length() > 30 ? path.substring(0, 30) + "…" : path, grab.apply("50%"), grab.apply("90%"),
                grab.apply("99%"), max.find() ? max.group(1) : "?", grab.apply("Requests/sec:"));
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /** {@link #REQUESTS} GETs of a page from {@link #CONNECTIONS} concurrent clients; latency percentiles. */
    String load(String path) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.URI uri = base.toURI().resolve(path);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(CONNECTIONS);
        try {
            run(client, uri, pool, WARMUP);
            long start = System.nanoTime();
            long[] latencies = run(client, uri, pool, REQUESTS);
            double seconds = (System.nanoTime() - start) / 1e9;
            return line(path.length() > 30 ? path.substring(0, 30) + "…" : path, latencies).stripTrailing()
                    + String.format(Locale.ROOT, "  %6.0f req/s%n", REQUESTS / seconds);
        } finally {
            pool.shutdown();
        }
    }

    private static long[] run(java.net.http.HttpClient client, java.net.URI uri,
            java.util.concurrent.ExecutorService pool, int requests) throws Exception {
        long[] latencies = new long[requests];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < CONNECTIONS; w++) {
            workers.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < requests) {
                    long s = System.nanoTime();
                    var response = client.send(java.net.http.HttpRequest.newBuilder(uri).header("Accept",
                            "text/html,application/json").GET().build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
                    latencies[i] = System.nanoTime() - s;
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(uri + " answered " + response.statusCode());
                    }
                }
                return null;
            }));
        }
        for (var f : workers) {
            f.get();
        }
        return latencies;
    }

    /** A task version, read once. */
    record Ref(long id, String slug, int number) {
    }

    static Episode finished(long[] agent, Ref t, int seed, double humanRank) {
        Episode e = Episode.queued("demo", t.id(), t.slug(), seed, 1, 60, agent[1], agent[0], "baseline", 0, "split");
        e.state = EpisodeState.FINISHED;
        e.endedAt = Instant.now();
        e.result = new EpisodeResult(true, 1, humanRank, humanRank, humanRank, humanRank, humanRank, humanRank, null,
                humanRank >= 0.5, 1, 1, 5, "benchmark", "v" + t.number(), null);
        return e;
    }

    static String line(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%-32s p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n", what,
                s[(int) Math.ceil(0.50 * s.length) - 1] / 1e6, s[(int) Math.ceil(0.90 * s.length) - 1] / 1e6,
                s[(int) Math.ceil(0.99 * s.length) - 1] / 1e6, s[s.length - 1] / 1e6);
    }
}
