package dev.mledojo.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A documented benchmark of the API rate limit's cost per request (not part of the suite; run it with
 * {@code ./mvnw -Pbench test -Dtest=RateLimitBench -Dsurefire.failIfNoSpecifiedTests=false}, see
 * src/docs/performance.md). In one run, on the embedded PostgreSQL, interleaved round by round:
 * <ul>
 * <li>the previous design: resilience4j's in-JVM limiter per user (not shared by replicas);</li>
 * <li>bucket4j's PostgreSQL buckets, with a row lock ({@code SELECT ... FOR UPDATE}) and with an advisory lock, on an
 * unlogged table like ours and with a fixed configuration (they would also have to read the user's limit);</li>
 * <li>the same with the user's limit read first (what following an admin's change would take);</li>
 * <li>{@link ApiRateLimits}: one statement that reads the limit, decides and records.</li>
 * </ul>
 * For each: the median and 99th percentile of one admission on one thread ({@code bench.calls} per round, 3,000), and
 * the admissions per second of {@code bench.threads} (4) threads for one user (one row, so they queue on its lock).
 */
@QuarkusTest
class RateLimitBench {

    private static final int LIMIT = 50_000_000; // every call admitted: the bench measures the admission's cost

    @Inject
    DataSource dataSource;

    @Inject
    ApiRateLimits limits;

    @Inject
    AccountService accounts;

    @Test
    void costPerRequest() throws Exception {
        int calls = Integer.getInteger("bench.calls", 3000);
        int rounds = Integer.getInteger("bench.rounds", 5);
        int threads = Integer.getInteger("bench.threads", 4);
        long user = accounts.current("rate-bench").id;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("update user_account set rate_limit_per_minute = " + LIMIT + " where id = " + user);
            s.execute("drop table if exists bench_bucket");
            s.execute("create unlogged table bench_bucket (id bigint primary key, state bytea, expires_at bigint)");
        }
        BucketConfiguration config = BucketConfiguration.builder()
                .addLimit(l -> l.capacity(LIMIT).refillGreedy(LIMIT, Duration.ofMinutes(1))).build();
        ProxyManager<Long> rowLock = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource).table("bench_bucket")
                .build();
        ProxyManager<Long> advisory = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource).table("bench_bucket")
                .build();
        BucketProxy rowLockBucket = rowLock.builder().build(1L, () -> config);
        BucketProxy advisoryBucket = advisory.builder().build(2L, () -> config);
        RateLimiterRegistry registry = RateLimiterRegistry.ofDefaults();
        RateLimiterConfig perMinute = RateLimiterConfig.custom().limitForPeriod(LIMIT)
                .limitRefreshPeriod(Duration.ofMinutes(1)).timeoutDuration(Duration.ZERO).build();

        Map<String, BooleanSupplier> paths = new LinkedHashMap<>();
        paths.put("resilience4j, in the JVM (before; not shared)", () -> registry
                .find("user:" + user).orElseGet(() -> registry.rateLimiter("user:" + user, perMinute))
                .acquirePermission());
        paths.put("bucket4j PostgreSQL, row lock", () -> rowLockBucket.tryConsume(1));
        paths.put("bucket4j PostgreSQL, advisory lock", () -> advisoryBucket.tryConsume(1));
        paths.put("bucket4j PostgreSQL, row lock + the user's limit", () -> limitOf(user) > 0
                && rowLockBucket.tryConsume(1));
        paths.put("ApiRateLimits, one statement (after)", () -> limits.takeById(user, 600).orElseThrow().admitted());

        Map<String, List<Long>> samples = new LinkedHashMap<>();
        Map<String, List<Double>> throughput = new LinkedHashMap<>();
        paths.keySet().forEach(k -> {
            samples.put(k, new ArrayList<>());
            throughput.put(k, new ArrayList<>());
        });
        for (BooleanSupplier p : paths.values()) { // warm-up, not measured
            for (int i = 0; i < calls; i++) {
                check(p.getAsBoolean());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, BooleanSupplier> p : paths.entrySet()) {
                    for (int i = 0; i < calls; i++) {
                        long t0 = System.nanoTime();
                        check(p.getValue().getAsBoolean());
                        samples.get(p.getKey()).add(System.nanoTime() - t0);
                    }
                    List<Future<Void>> done = new ArrayList<>();
                    long t0 = System.nanoTime();
                    for (int t = 0; t < threads; t++) {
                        done.add(pool.submit((Callable<Void>) () -> {
                            for (int i = 0; i < calls / threads; i++) {
                                check(p.getValue().getAsBoolean());
                            }
                            return null;
                        }));
                    }
                    for (Future<Void> f : done) {
                        f.get();
                    }
                    throughput.get(p.getKey()).add((calls / threads) * threads / ((System.nanoTime() - t0) / 1e9));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "%nAPI rate limit, cost of one admission (%d rounds x %d calls; %d threads)"
                + "; load average %s%n", rounds, calls, threads, loadAverage());
        System.out.printf(Locale.ROOT, "| path | median (us) | p99 (us) | admissions/s, %d threads, one user |%n",
                threads);
        System.out.println("|---|---|---|---|");
        for (String k : paths.keySet()) {
            long[] ns = samples.get(k).stream().mapToLong(Long::longValue).sorted().toArray();
            double[] tps = throughput.get(k).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %,.0f |%n", k, ns[ns.length / 2] / 1e3,
                    ns[(int) (ns.length * 0.99)] / 1e3, tps[tps.length / 2]);
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table bench_bucket");
        }
    }

    private long limitOf(long user) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select coalesce(rate_limit_per_minute, ?) from user_account where id = ?")) {
            s.setInt(1, 600);
            s.setLong(2, user);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(boolean admitted) {
        if (!admitted) {
            throw new AssertionError("a call was refused: the bench measures admissions");
        }
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .split(" "), 3));
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
