package dev.mledojo.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Snapshots are kept for a week, then only the last of each day per board (so a cited daily version stays). */
@QuarkusTest
class SnapshotRetentionTest {

    @Inject
    LeaderboardService boards;

    @Test
    void oldSnapshotsAreThinnedToTheLastOfEachDay() {
        String scope = "retention-" + System.nanoTime() + "@public";
        Instant day10 = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(10));
        Instant day9 = day10.plus(Duration.ofDays(1));
        QuarkusTransaction.requiringNew().run(() -> {
            insert(scope, 1, day10);
            insert(scope, 2, day10.plus(Duration.ofHours(3)));
            insert(scope, 3, day9);
            insert(scope, 4, day9.plus(Duration.ofMinutes(5)));
            insert(scope, 5, Instant.now().minus(Duration.ofDays(1)));
            insert(scope, 6, Instant.now());
        });
        int pruned = QuarkusTransaction.requiringNew().call(() -> boards.prune());
        assertThat(pruned).isGreaterThanOrEqualTo(2);
        @SuppressWarnings("unchecked")
        List<Number> left = QuarkusTransaction.requiringNew().call(() -> BoardEntry.getEntityManager()
                .createNativeQuery("select version from board_snapshot where scope = ?1 order by version")
                .setParameter(1, scope).getResultList());
        assertThat(left.stream().map(Number::longValue).toList()).containsExactly(2L, 4L, 5L, 6L);
    }

    static void insert(String scope, long version, Instant at) {
        BoardEntry.getEntityManager().createNativeQuery("insert into board_snapshot (scope, version, rows, created_at) "
                + "values (?1, ?2, cast('{}' as jsonb), ?3)").setParameter(1, scope).setParameter(2, version)
                .setParameter(3, at).executeUpdate();
    }
}
