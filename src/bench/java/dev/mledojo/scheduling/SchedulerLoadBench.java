package dev.mledojo.scheduling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mledojo.agent.Agent;
import dev.mledojo.agent.AgentVersion;
import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeService;
import dev.mledojo.task.TaskService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * A documented load test of admission (not part of the suite; run it with
 * {@code ./mvnw -Pbench test -Dtest=SchedulerLoadBench -Dsurefire.failIfNoSpecifiedTests=false}, see
 * src/docs/performance.md): {@code bench.episodes} (10,000) queued episodes of 20 submitters, one of them heavy and
 * first in line, admitted one by one through the {@code kubernetes} launcher into the Fabric8 CRUD mock (token Secret
 * and Job), each completed at once as a runner would (begin, then end), while the reconciler's informers see every
 * Job. Prints the latency of each admission decision and of each launch (p50, p90, p99, max), and Jain's fairness
 * index over windows of admissions while every submitter still has work queued.
 */
@QuarkusTest
@TestProfile(SchedulerLoadBench.Kube.class)
@WithKubernetesTestServer(crud = true)
class SchedulerLoadBench {

    public static class Kube implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dojo.launcher", "kubernetes", "dojo.kubernetes.namespace", "episodes",
                    "dojo.kubernetes.instance", "bench", "dojo.kubernetes.runner-image", "registry.example/mle-dojo:bench",
                    "dojo.kubernetes.platform-url", "http://mle-dojo.dojo.svc:8080", "dojo.kubernetes.capacity", "64",
                    "dojo.scheduling.per-user-concurrency", "64", "quarkus.log.category.\"dev.mledojo\".level", "WARN");
        }
    }

    static final int SUBMITTERS = 20;
    static final int WINDOW = 100;

    @Inject
    Scheduler scheduler;

    @Inject
    EpisodeService episodes;

    @Inject
    TaskService tasks;

    @Test
    void admission() throws Exception {
        int total = Integer.getInteger("bench.episodes", 10_000);
        int admissions = Integer.getInteger("bench.admissions", total);
        scheduler.pause();
        Map<String, String> ownerOf = enqueue(total);
        Map<String, Integer> queued = new HashMap<>();
        ownerOf.values().forEach(o -> queued.merge(o, 1, Integer::sum));

        long[] decide = new long[admissions];
        long[] launch = new long[admissions];
        List<String> order = new ArrayList<>();
        var launcher = scheduler.launcher();
        for (int i = 0; i < admissions; i++) {
            long t0 = System.nanoTime();
            String id = scheduler.admitOne();
            long t1 = System.nanoTime();
            if (id == null) {
                throw new IllegalStateException("nothing admitted after " + i + " admissions");
            }
            launcher.launch(id, () -> { });
            long t2 = System.nanoTime();
            decide[i] = t1 - t0;
            launch[i] = t2 - t1;
            order.add(ownerOf.get(id));
            // the fake kubelet's runner: begins and ends at once, freeing the capacity
            QuarkusTransaction.requiringNew().run(() -> Episode.<Episode>findById(id).beginIn("pod-" + id, Instant.now()));
            episodes.finish(id, "benchmark: done at once");
        }

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "episodes queued %d, admitted %d, submitters %d%n", total, admissions, SUBMITTERS));
        out.append(line("admission decision (admitOne)", decide));
        out.append(line("launch (Secret + Job on the mock)", launch));
        long[] both = new long[admissions];
        for (int i = 0; i < admissions; i++) {
            both[i] = decide[i] + launch[i];
        }
        out.append(line("admission total", both));
        out.append(fairness(order, queued));
        // the reference: first come, first served (the order the episodes were queued in)
        out.append("first come, first served (reference): ")
                .append(fairness(new ArrayList<>(ownerOf.values()).subList(0, admissions), queued));
        System.out.println("\n==== SchedulerLoadBench ====\n" + out);
        Files.writeString(Path.of("target/scheduler-bench.txt"), out.toString());
    }

    /** 20 submitters: the first queues 30 % of the episodes before anyone else, the others share the rest. */
    Map<String, String> enqueue(int total) {
        var version = tasks.currentVersion("practice-tabular-binary").orElseThrow();
        long agentVersion = QuarkusTransaction.requiringNew().call(() -> {
            Agent a = new Agent();
            a.owner = "demo";
            a.name = "bench-" + System.nanoTime();
            a.kind = "baseline";
            a.visibility = "private";
            a.createdAt = Instant.now();
            a.persist();
            AgentVersion v = a.addVersion(Map.of("baseline", "sample_submission"));
            return v.id;
        });
        int heavy = total * 3 / 10;
        int[] demand = new int[SUBMITTERS];
        demand[0] = heavy;
        for (int i = 1; i < SUBMITTERS; i++) {
            demand[i] = (total - heavy) / (SUBMITTERS - 1) + (i <= (total - heavy) % (SUBMITTERS - 1) ? 1 : 0);
        }
        Map<String, String> ownerOf = new LinkedHashMap<>();
        Instant start = Instant.now().minusSeconds(3600);
        int n = 0;
        for (int u = 0; u < SUBMITTERS; u++) {
            String owner = String.format(Locale.ROOT, "bench-%02d", u);
            long submission = QuarkusTransaction.requiringNew().call(() -> {
                Submission s = new Submission();
                s.owner = owner;
                s.agentVersion = AgentVersion.findById(agentVersion);
                s.suite = List.of(version.slug());
                s.seeds = 1;
                s.maxSteps = 1;
                s.state = "active";
                s.createdAt = Instant.now();
                s.persist();
                return s.id;
            });
            for (int from = 0; from < demand[u]; from += 500) {
                int first = from;
                int upTo = Math.min(demand[u], from + 500);
                int base = n;
                List<String> ids = QuarkusTransaction.requiringNew().call(() -> {
                    List<String> made = new ArrayList<>();
                    for (int seed = first; seed < upTo; seed++) {
                        Episode e = Episode.queued(owner, version.id(), version.slug(), seed, 1, 60, submission,
                                agentVersion, "baseline", 0, "split");
                        e.queuedAt = start.plusMillis(base + seed - first); // the heavy user queued first
                        e.persist();
                        made.add(e.id);
                    }
                    return made;
                });
                ids.forEach(id -> ownerOf.put(id, owner));
                n += ids.size();
            }
        }
        return ownerOf;
    }

    static String line(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%-36s p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  max %8.2f ms  mean %7.2f ms%n",
                what, ms(pct(s, 0.50)), ms(pct(s, 0.90)), ms(pct(s, 0.99)), ms(s[s.length - 1]),
                ms((long) Arrays.stream(s).average().orElse(0)));
    }

    static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    /**
     * Jain's index J = (sum x)^2 / (n sum x^2) of the admissions per submitter, over consecutive windows of
     * {@value #WINDOW} admissions while all submitters still had work queued (1 = perfectly even, 1/n = one takes all);
     * FIFO would give the heavy first submitter every early window.
     */
    static String fairness(List<String> order, Map<String, Integer> queued) {
        Map<String, Integer> left = new HashMap<>(queued);
        List<Double> windows = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        int inWindow = 0;
        int allBusyUntil = -1;
        for (int i = 0; i < order.size(); i++) {
            String o = order.get(i);
            counts.merge(o, 1, Integer::sum);
            inWindow++;
            if (left.merge(o, -1, Integer::sum) == 0 && allBusyUntil < 0) {
                allBusyUntil = i + 1;
            }
            if (inWindow == WINDOW) {
                if (allBusyUntil < 0) {
                    windows.add(jain(counts, queued.size()));
                }
                counts.clear();
                inWindow = 0;
            }
        }
        double min = windows.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double mean = windows.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return String.format(Locale.ROOT, "Jain's fairness over %d windows of %d admissions (all %d submitters queued, "
                + "first %d admissions): min %.4f, mean %.4f%n", windows.size(), WINDOW, queued.size(),
                allBusyUntil < 0 ? order.size() : allBusyUntil, min, mean);
    }

    static double jain(Map<String, Integer> counts, int n) {
        double sum = 0;
        double squares = 0;
        for (int c : counts.values()) {
            sum += c;
            squares += (double) c * c;
        }
        return sum * sum / (n * squares);
    }
}
