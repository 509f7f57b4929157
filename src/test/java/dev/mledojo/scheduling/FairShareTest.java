package dev.mledojo.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FairShareTest {

    /** Simulates admission with capacity 1: each admitted episode finishes before the next is chosen. */
    static List<String> admissionOrder(List<FairShare.Candidate> queue) {
        List<FairShare.Candidate> waiting = new ArrayList<>(queue);
        Map<String, FairShare.Usage> usage = new HashMap<>();
        List<String> order = new ArrayList<>();
        while (!waiting.isEmpty()) {
            Map<String, FairShare.Candidate> heads = new java.util.LinkedHashMap<>();
            waiting.stream().sorted(java.util.Comparator.comparingInt((FairShare.Candidate c) -> -c.priority())
                    .thenComparing(FairShare.Candidate::queuedAt).thenComparing(FairShare.Candidate::episodeId))
                    .forEach(c -> heads.putIfAbsent(c.owner(), c));
            FairShare.Candidate next = FairShare.sorted(new ArrayList<>(heads.values()), usage).get(0);
            order.add(next.episodeId());
            waiting.remove(next);
            FairShare.Usage u = usage.getOrDefault(next.owner(), FairShare.Usage.NONE);
            usage.put(next.owner(), new FairShare.Usage(0, u.admittedInWindow() + 1, 1));
        }
        return order;
    }

    static List<FairShare.Candidate> queue() {
        List<FairShare.Candidate> q = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-27T08:00:00Z");
        for (int i = 0; i < 50; i++) {
            q.add(new FairShare.Candidate(String.format("a%02d", i), "alice", 0, t0.plusSeconds(i)));
        }
        for (int i = 0; i < 5; i++) {
            q.add(new FairShare.Candidate("b" + i, "bob", 0, t0.plusSeconds(100 + i)));
        }
        return q;
    }

    @Test
    void a_late_small_queue_is_not_starved_by_a_long_one() {
        List<String> order = admissionOrder(queue());
        assertThat(order.indexOf("b0")).isLessThan(order.indexOf("a05"));
        assertThat(order.subList(0, 10)).containsExactly("a00", "b0", "a01", "b1", "a02", "b2", "a03", "b3", "a04", "b4");
    }

    @Test
    void admission_order_is_reproducible() {
        List<FairShare.Candidate> shuffled = new ArrayList<>(queue());
        java.util.Collections.shuffle(shuffled, new java.util.Random(3));
        assertThat(admissionOrder(shuffled)).isEqualTo(admissionOrder(queue()));
    }

    @Test
    void priority_goes_first_and_running_work_counts_before_history() {
        Instant t = Instant.parse("2026-11-27T08:00:00Z");
        var normal = new FairShare.Candidate("x", "alice", 0, t);
        var urgent = new FairShare.Candidate("y", "bob", 10, t.plusSeconds(60));
        assertThat(FairShare.sorted(List.of(normal, urgent), Map.of()).get(0)).isEqualTo(urgent);
        var busy = new FairShare.Candidate("p", "alice", 0, t);
        var idle = new FairShare.Candidate("q", "bob", 0, t.plusSeconds(60));
        Map<String, FairShare.Usage> usage = Map.of("alice", new FairShare.Usage(1, 1, 1), "bob", new FairShare.Usage(0, 9, 1));
        assertThat(FairShare.sorted(List.of(busy, idle), usage).get(0)).isEqualTo(idle);
    }

    @Test
    void one_submitter_never_runs_more_than_the_per_user_limit() {
        var c = new FairShare.Candidate("e", "alice", 0, Instant.parse("2026-11-27T08:00:00Z"));
        assertThat(FairShare.mayStart(c, Map.of("alice", new FairShare.Usage(1, 5, 1)), 2)).isTrue();
        assertThat(FairShare.mayStart(c, Map.of("alice", new FairShare.Usage(2, 5, 1)), 2)).isFalse();
        assertThat(FairShare.mayStart(c, Map.of(), 1)).isTrue();
    }
}
