package dev.mledojo.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The API rate limit lives in the database: a budget spent through one replica is spent for all of them (here a second
 * {@link ApiRateLimits} on the same database stands for another replica; {@code ReplicasIT} does it with two JVMs),
 * concurrent requests get exactly the budget, and an admin's change applies from the next request.
 */
@QuarkusTest
class RateLimitTest {

    private static final String USER = "rate-racer";

    @Inject
    DataSource dataSource;

    @Inject
    AccountService accounts;

    private long userId;

    @BeforeEach
    void afresh() {
        userId = accounts.current(USER).id; // the account exists, whatever ran before
        setLimit(null); // and the earlier tests' budget is forgotten
    }

    private static void setLimit(Integer perMinute) {
        java.util.HashMap<String, Object> body = new java.util.HashMap<>();
        body.put("rate_limit_per_minute", perMinute);
        given().auth().preemptive().basic("admin", "admin").contentType(ContentType.JSON).body(body)
                .put("/api/v1/admin/users/" + USER + "/quota").then().statusCode(200)
                .body("rateLimitPerMinute", equalTo(perMinute));
    }

    private static Response me() {
        return given().auth().preemptive().basic(USER, USER).get("/api/v1/me");
    }

    @Test
    void a_budget_spent_through_another_replica_is_spent_here_too() {
        setLimit(4);
        ApiRateLimits otherReplica = new ApiRateLimits(dataSource);
        for (int i = 0; i < 3; i++) {
            assertThat(otherReplica.takeById(userId, 600)).hasValueSatisfying(v -> {
                assertThat(v.admitted()).isTrue();
                assertThat(v.perMinute()).isEqualTo(4);
            });
        }
        me().then().statusCode(200).body("name", equalTo(USER)).header("RateLimit-Limit", "4")
                .header("RateLimit-Remaining", "0");
        Response refused = me();
        refused.then().statusCode(429).contentType("application/problem+json")
                .header("RateLimit-Limit", "4").header("RateLimit-Remaining", "0")
                .body("type", containsString("rate-limited"))
                .body("detail", containsString("at most 4 API requests per minute per user"));
        long retry = Long.parseLong(refused.header("Retry-After"));
        // a quarter of a minute per request: the next one is admitted within 15 s of the first of the burst
        assertThat(retry).isBetween(1L, 15L);
        assertThat(refused.jsonPath().getString("detail")).contains("Retry in " + retry + " s.");
        assertThat(otherReplica.takeById(userId, 600)).hasValueSatisfying(v -> {
            assertThat(v.admitted()).isFalse();
            assertThat(v.retryAfterSeconds()).isBetween(1L, 15L);
        });
    }

    @Test
    void every_limited_answer_says_where_the_budget_stands() {
        setLimit(10); // 6 s a request
        Response first = me();
        first.then().statusCode(200).header("RateLimit-Limit", "10").header("RateLimit-Remaining", "9");
        assertThat(Long.parseLong(first.header("RateLimit-Reset"))).isBetween(1L, 6L);
        me().then().statusCode(200).header("RateLimit-Remaining", "8");
        // an answer that is not a success counts and says so too
        given().auth().preemptive().basic(USER, USER).get("/api/v1/tasks/no-such-task").then().statusCode(404)
                .contentType("application/problem+json").header("RateLimit-Remaining", "7");
        setLimit(0); // no limit: no headers
        me().then().statusCode(200).header("RateLimit-Limit", nullValue());
        // pages and anonymous calls are not limited
        given().get("/api/v1/tasks").then().statusCode(200).header("RateLimit-Limit",
                nullValue());
    }

    @Test
    void concurrent_requests_get_exactly_the_budget() throws Exception {
        setLimit(5);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit((Callable<Integer>) () -> {
                    go.await();
                    return me().statusCode();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> a : answers) {
                statuses.add(a.get());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(5);
            assertThat(statuses).filteredOn(s -> s == 429).hasSize(15);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_burst_is_exactly_the_limit_when_a_minute_does_not_divide_evenly() {
        setLimit(7); // 60 s / 7 is not a whole number of microseconds
        ApiRateLimits limits = new ApiRateLimits(dataSource);
        for (int i = 0; i < 7; i++) {
            assertThat(limits.takeById(userId, 600)).as("request " + (i + 1))
                    .hasValueSatisfying(v -> assertThat(v.admitted()).isTrue());
        }
        assertThat(limits.takeById(userId, 600)).hasValueSatisfying(v -> assertThat(v.admitted()).isFalse());
    }

    @Test
    void an_admins_change_applies_from_the_next_request_and_zero_means_no_limit() {
        setLimit(2);
        me().then().statusCode(200);
        me().then().statusCode(200);
        me().then().statusCode(429).body("detail", containsString("at most 2 API requests"));
        setLimit(3); // starts afresh
        for (int i = 0; i < 3; i++) {
            me().then().statusCode(200);
        }
        me().then().statusCode(429).body("detail", containsString("at most 3 API requests"));
        setLimit(0);
        for (int i = 0; i < 10; i++) {
            me().then().statusCode(200).body("name", equalTo(USER));
        }
        setLimit(ApiRateLimits.MAX_PER_MINUTE + 1); // less than a microsecond a request: no limit, nothing recorded
        assertThat(new ApiRateLimits(dataSource).takeById(userId, 600))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(ApiRateLimits.Verdict.NO_LIMIT));
        setLimit(null); // the default (600 a minute here) again, afresh
        me().then().statusCode(200);
        assertThat(new ApiRateLimits(dataSource).takeById(userId, 600))
                .hasValueSatisfying(v -> assertThat(v.perMinute()).isEqualTo(600));
    }

    @Test
    void a_user_without_an_account_has_no_budget_to_take_and_pages_are_not_limited() {
        ApiRateLimits limits = new ApiRateLimits(dataSource);
        assertThat(limits.takeBySubject("local:nobody-" + System.nanoTime(), 600)).isEmpty();
        assertThat(limits.takeById(-1, 600)).isEmpty();
        setLimit(1);
        me().then().statusCode(200);
        me().then().statusCode(429);
        // the limit counts the API only: the user's pages still answer
        given().auth().preemptive().basic(USER, USER).accept("text/html").get("/me/tokens").then().statusCode(200)
                .contentType(containsString("text/html"));
    }
}
