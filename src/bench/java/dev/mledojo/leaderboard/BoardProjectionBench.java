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
 * A documented load test of the board projection (not part of the suite; run it with
 * {@code ./mvnw -Pbench test -Dtest=BoardProjectionBench -Dsurefire.failIfNoSpecifiedTests=false}): a synthetic board
 * of 200 tasks × 50 agents × 3 seeds (30,000 finished episodes) is projected from scratch; then, 200 times, one more
 * episode finishes and is projected (the time to update the projection when one episode finishes, including the
 * overall board's snapshot the projector then computes); then the board is read once right after a change and 200
 * times more (cached).
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

    @Inject
    BoardProjector projector;

    @Inject
    LeaderboardService boards;

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
        int projected = projector.project();
        long initial = System.nanoTime() - t0;

        long[] update = new long[TRIALS];
        for (int i = 0; i < TRIALS; i++) {
            long[] agent = agents.get(random.nextInt(AGENTS));
            Ref t = tasks.get(random.nextInt(TASKS));
            int seed = SEEDS + i;
            double rank = random.nextDouble();
            QuarkusTransaction.requiringNew().run(() -> finished(agent, t, seed, rank).persist());
            long s = System.nanoTime();
            int n = projector.project();
            update[i] = System.nanoTime() - s;
            if (n != 1) {
                throw new IllegalStateException("expected one episode projected, got " + n);
            }
        }
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
        String out = String.format(Locale.ROOT, """
                synthetic board: %d tasks x %d agents x %d seeds = %d episodes, %d rows on the board
                initial projection of %d episodes: %.1f s
                %s%s
                """, TASKS, AGENTS, SEEDS, TASKS * AGENTS * SEEDS, board.rows().size(), projected, initial / 1e9,
                line("one episode ends: project + snapshot", update), String.format(Locale.ROOT,
                        "first read after a change (%d bootstrap replicates per agent, from the snapshot): %.1f ms%n%s",
                        LeaderboardService.REPLICATES, cold / 1e6, line("overall board, cached (warm)", warm)));
        System.out.println("\n==== BoardProjectionBench ====\n" + out);
        Files.writeString(Path.of("target/board-bench.txt"), out);
    }

    /** A task version, read once. */
    record Ref(long id, String slug, int number) {
    }

    static Episode finished(long[] agent, Ref t, int seed, double humanRank) {
        Episode e = Episode.queued("demo", t.id(), t.slug(), seed, 1, 60, agent[1], agent[0], "baseline", 0, "split");
        e.state = EpisodeState.FINISHED;
        e.endedAt = Instant.now();
        e.result = new EpisodeResult(true, 1, humanRank, humanRank, humanRank, humanRank, humanRank, humanRank, null,
                humanRank >= 0.5, 1, 1, 5, "benchmark", "v" + t.number());
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
