package dev.mledojo.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Failed sign-ins are throttled per account and per client address (hostile audit, finding 11): 30 wrong Basic and 10
 * wrong form attempts used to be followed by a successful sign-in. Each test uses its own accounts (thr-*) and names
 * its own client address (X-Forwarded-For, trusted in the test profile), so no other test's sign-ins count.
 */
@QuarkusTest
class SignInThrottleTest {

    @Inject
    EntityManager em;

    @Inject
    DataSource db;

    @Inject
    SignInThrottle throttle;

    @Inject
    AccountService accounts;

    @BeforeEach
    void clean() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "delete from sign_in_throttle where key like 'account:thr-%' or key like 'account:nobody-%' "
                        + "or key like 'address:198.51.100.%'").executeUpdate());
    }

    private static RequestSpecification from(String address) {
        return given().header("X-Forwarded-For", address).redirects().follow(false);
    }

    @Test
    void five_wrong_basic_passwords_lock_the_account_even_against_the_right_one() {
        for (int i = 0; i < 5; i++) {
            from("198.51.100.1").auth().preemptive().basic("thr-basic", "wrong-" + i).get("/api/v1/me")
                    .then().statusCode(401).header("WWW-Authenticate", containsString("asic"));
        }
        from("198.51.100.1").auth().preemptive().basic("thr-basic", "wrong-6").get("/api/v1/me")
                .then().statusCode(429);
        Response locked = from("198.51.100.1").auth().preemptive().basic("thr-basic", "thr-basic").get("/api/v1/me");
        locked.then().statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("https://mle-dojo.dev/problems/too-many-sign-ins"))
                .body("status", equalTo(429))
                .body("detail", containsString("whatever the password"));
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 15 * 60L);
        // the account's counter holds from any address
        from("198.51.100.2").auth().preemptive().basic("thr-basic", "thr-basic").get("/api/v1/me")
                .then().statusCode(429);
        // another account from the same address is not blocked by this account's counter
        from("198.51.100.1").auth().preemptive().basic("thr-other", "thr-other").get("/api/v1/me")
                .then().statusCode(200).body("name", equalTo("thr-other"));
    }

    @Test
    void a_successful_sign_in_clears_the_account_counter() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4; i++) {
                from("198.51.100.4").auth().preemptive().basic("thr-other", "wrong").get("/api/v1/me")
                        .then().statusCode(401);
            }
            from("198.51.100.4").auth().preemptive().basic("thr-other", "thr-other").get("/api/v1/me")
                    .then().statusCode(200).body("name", equalTo("thr-other"));
        }
    }

    @Test
    void twenty_failures_from_one_address_block_it_for_every_account() {
        for (int i = 0; i < 20; i++) {
            from("198.51.100.20").auth().preemptive().basic("nobody-" + i, "guess").get("/api/v1/me")
                    .then().statusCode(401);
        }
        from("198.51.100.20").auth().preemptive().basic("thr-other", "thr-other").get("/api/v1/me")
                .then().statusCode(429).body("type", equalTo("https://mle-dojo.dev/problems/too-many-sign-ins"));
        from("198.51.100.21").auth().preemptive().basic("thr-other", "thr-other").get("/api/v1/me")
                .then().statusCode(200);
    }

    @Test
    void the_sign_in_form_is_throttled_too_and_says_how_long_to_wait() {
        for (int i = 0; i < 5; i++) {
            from("198.51.100.3").formParam("j_username", "thr-form").formParam("j_password", "wrong")
                    .post("/j_security_check").then().statusCode(302).header("Location", containsString("/login?error=true"));
        }
        Response refused = from("198.51.100.3").formParam("j_username", "thr-form").formParam("j_password", "thr-form")
                .post("/j_security_check");
        refused.then().statusCode(303).header("Location", startsWith("/login?retry-after="));
        assertThat(refused.getCookie("quarkus-credential")).isNull();
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 15 * 60L);
        given().accept(ContentType.HTML).get(refused.header("Location")).then().statusCode(200)
                .body(containsString("Too many failed sign-ins"), containsString("even the right password is refused"));
        // another account signs in from the same address
        from("198.51.100.3").formParam("j_username", "thr-other").formParam("j_password", "thr-other")
                .post("/j_security_check").then().statusCode(302);
    }

    private List<String> counters(String... keys) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select key || '=' || failures from sign_in_throttle where key in (:keys) order by key", String.class)
                .setParameter("keys", List.of(keys)).getResultList());
    }

    @Test
    void a_success_without_earlier_failures_writes_nothing() throws Exception {
        // another session holds a SHARE lock on the counters: reads pass, any write (a delete too) waits for it
        try (Connection holder = db.getConnection(); Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.execute("lock table sign_in_throttle in share mode");
            CompletableFuture<Response> signIn = CompletableFuture.supplyAsync(() -> from("198.51.100.30").auth()
                    .preemptive().basic("thr-other", "thr-other").get("/api/v1/me"));
            try {
                await("a sign-in that does not wait for the table lock").atMost(Duration.ofSeconds(30))
                        .until(signIn::isDone);
            } finally {
                holder.rollback();
            }
            signIn.get().then().statusCode(200).body("name", equalTo("thr-other"));
        }
        assertThat(counters("account:thr-other", "address:198.51.100.30")).isEmpty();
    }

    @Test
    void a_success_after_failures_deletes_the_account_counter_and_keeps_the_address_one() {
        for (int i = 0; i < 2; i++) {
            from("198.51.100.31").auth().preemptive().basic("thr-other", "wrong").get("/api/v1/me")
                    .then().statusCode(401);
        }
        assertThat(counters("account:thr-other", "address:198.51.100.31"))
                .containsExactly("account:thr-other=2", "address:198.51.100.31=2");
        from("198.51.100.31").auth().preemptive().basic("thr-other", "thr-other").get("/api/v1/me")
                .then().statusCode(200).body("name", equalTo("thr-other"));
        assertThat(counters("account:thr-other", "address:198.51.100.31")).containsExactly("address:198.51.100.31=2");
    }

    @Test
    void parallel_wrong_guesses_get_no_more_password_checks_than_the_limit() throws Exception {
        int guesses = 12;
        ExecutorService pool = Executors.newFixedThreadPool(guesses);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                int n = i;
                statuses.add(pool.submit(() -> {
                    go.await();
                    return from("198.51.100.32").auth().preemptive().basic("thr-parallel", "wrong-" + n)
                            .get("/api/v1/me").statusCode();
                }));
            }
            go.countDown();
            List<Integer> seen = new ArrayList<>();
            for (Future<Integer> f : statuses) {
                seen.add(f.get());
            }
            // each guess checked its password only after every earlier guess was counted: five 401, the rest refused
            assertThat(seen).filteredOn(c -> c == 401).hasSize(5);
            assertThat(seen).filteredOn(c -> c == 429).hasSize(guesses - 5);
        } finally {
            pool.shutdownNow();
        }
        assertThat(counters("account:thr-parallel", "address:198.51.100.32"))
                .containsExactly("account:thr-parallel=5", "address:198.51.100.32=5");
    }

    @Test
    void odd_user_names_get_a_storable_key() {
        assertThat(SignInThrottle.accountKey("alice")).isEqualTo("account:alice");
        assertThat(SignInThrottle.accountKey("a\u0000b")).startsWith("account:sha256:").hasSize(8 + 7 + 64);
        assertThat(SignInThrottle.accountKey("x".repeat(500))).startsWith("account:sha256:");
    }

    private static SecurityIdentity named(String name) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).addRole("submitter").build();
    }

    @Test
    void a_sign_in_carries_its_account_id_read_in_the_check_s_round_trip() {
        from("198.51.100.33").auth().preemptive().basic("thr-other", "thr-other").get("/api/v1/me")
                .then().statusCode(200).body("name", equalTo("thr-other")); // the account exists from here on
        long id = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select id from user_account where subject = 'local:thr-other'").getSingleResult()).longValue());

        SignInThrottle.Outcome ok = throttle.attempt("thr-other", "198.51.100.33", () -> named("thr-other"));
        assertThat(ok.identity().<Long>getAttribute(AccountService.USER_ID)).isEqualTo(id);
        assertThat(accounts.requester(ok.identity()).userId()).isEqualTo(id);

        // a realm that names someone else, an account not created yet: no id, the requester looks it up (or creates it)
        assertThat(throttle.attempt("thr-other", null, () -> named("thr-someone")).identity()
                .<Long>getAttribute(AccountService.USER_ID)).isNull();
        String newcomer = "thr-fresh-" + Long.toHexString(System.nanoTime()); // no account by this name in any database
        SecurityIdentity fresh = throttle.attempt(newcomer, null, () -> named(newcomer)).identity();
        assertThat(fresh.<Long>getAttribute(AccountService.USER_ID)).isNull();
        assertThat(accounts.requester(fresh).userId()).isPositive();

        // a name the database cannot store (NUL) is checked and fails like any other wrong sign-in
        SignInThrottle.Outcome nul = throttle.attempt("thr-\u0000x", null, () -> {
            throw new AuthenticationFailedException("wrong");
        });
        assertThat(nul.identity()).isNull();
        assertThat(nul.failure()).isInstanceOf(AuthenticationFailedException.class);
        from("198.51.100.33").auth().preemptive().basic("thr-\u0000x", "x").get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void a_requester_whose_identity_carries_its_account_id_is_not_looked_up() {
        SecurityIdentity carried = QuarkusSecurityIdentity.builder(named("thr-carried"))
                .addAttribute(AccountService.USER_ID, 987_654_321L).build();
        // no account has this id or this name: a look-up would fail or create one with another id
        assertThat(accounts.requester(carried)).isEqualTo(new Requester("thr-carried", false, 987_654_321L, null));
        assertThat(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select count(*) from user_account where subject = 'local:thr-carried'").getSingleResult()))
                .isEqualTo(0L);
    }
}
