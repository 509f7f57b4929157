package dev.mledojo.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Personal API tokens, quotas with refunds, the rate limit, and the audit of admin changes. */
@QuarkusTest
class AccountsTest {

    @Inject
    AccountService accounts;

    private static String createToken(String user, Map<String, Object> body) {
        return given().auth().preemptive().basic(user, user).contentType(ContentType.JSON).body(body)
                .post("/api/v1/me/tokens").then().statusCode(201).body("token.prefix", notNullValue())
                .extract().jsonPath().getString("secret");
    }

    private static void setQuota(String user, Map<String, Object> quota) {
        given().auth().preemptive().basic(user, user).get("/api/v1/me"); // the user exists once they called us
        given().auth().preemptive().basic("admin", "admin").contentType(ContentType.JSON).body(quota)
                .put("/api/v1/admin/users/" + user + "/quota").then().statusCode(200);
    }

    @AfterEach
    void restoreCarol() {
        given().auth().preemptive().basic("carol", "carol").get("/api/v1/me"); // make sure carol exists
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("episodes_per_day", null);
        setQuota("carol", defaults);
    }

    @Test
    void a_token_is_shown_once_and_then_authenticates_as_its_owner() {
        String secret = createToken("demo", Map.of("name", "laptop"));
        assertThat(secret).startsWith("mld_").hasSizeGreaterThan(40);
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/me/tokens").then().statusCode(200)
                .body("name", hasItem("laptop")).body(not(containsString(secret)));
        given().header("Authorization", "Bearer " + secret).get("/api/v1/me").then().statusCode(200)
                .body("name", equalTo("demo")).body("viaToken", equalTo(true)).body("roles", hasItem("submitter"));
        given().header("Authorization", "Bearer " + secret).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .post("/api/v1/me/tokens").then().statusCode(403);
    }

    @Test
    void a_token_never_grants_more_than_its_owner_and_its_scopes() {
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", "greedy", "scopes", List.of("admin"))).post("/api/v1/me/tokens").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("never grants more"));
        String submitterOnly = createToken("admin", Map.of("name", "ci", "scopes", List.of("submitter")));
        given().header("Authorization", "Bearer " + submitterOnly).get("/api/v1/admin/users").then().statusCode(403);
        given().header("Authorization", "Bearer " + submitterOnly).get("/api/v1/me").then().statusCode(200);
        String full = createToken("admin", Map.of("name", "ops"));
        given().header("Authorization", "Bearer " + full).get("/api/v1/admin/users").then().statusCode(200);
    }

    @Test
    void revoked_expired_and_unknown_tokens_are_refused() {
        String secret = createToken("demo", Map.of("name", "short-lived", "days_valid", 1));
        long id = given().auth().preemptive().basic("demo", "demo").get("/api/v1/me/tokens").then().extract().jsonPath()
                .getLong("find { it.name == 'short-lived' }.id");
        given().auth().preemptive().basic("demo", "demo").delete("/api/v1/me/tokens/" + id).then().statusCode(200)
                .body("revokedAt", notNullValue());
        given().header("Authorization", "Bearer " + secret).get("/api/v1/me").then().statusCode(401);
        given().header("Authorization", "Bearer mld_not-a-token").get("/api/v1/me").then().statusCode(401);
        given().get("/api/v1/me").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().auth().preemptive().basic("carol", "carol").delete("/api/v1/me/tokens/" + id).then().statusCode(404);
    }

    @Test
    void the_daily_episode_quota_answers_429_with_retry_after_and_mistakes_do_not_count() {
        setQuota("carol", Map.of("episodes_per_day", accountsUsedToday("carol") + 1));
        given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON)
                .body(Map.of("task", "no-such-task")).post("/api/v1/episodes").then().statusCode(404);
        String id = given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON)
                .body(Map.of("task", "practice-tabular-binary")).post("/api/v1/episodes").then().statusCode(201)
                .extract().jsonPath().getString("id");
        given().auth().preemptive().basic("carol", "carol").delete("/api/v1/episodes/" + id).then().statusCode(200);
        given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON)
                .body(Map.of("task", "practice-tabular-binary")).post("/api/v1/episodes").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", notNullValue())
                .body("quota", equalTo("episode"));
    }

    @Test
    void concurrent_episodes_are_limited() {
        setQuota("carol", Map.of("concurrent_episodes", 1));
        String first = given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON)
                .body(Map.of("task", "practice-tabular-binary")).post("/api/v1/episodes").then().statusCode(201)
                .extract().jsonPath().getString("id");
        given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON)
                .body(Map.of("task", "practice-tabular-binary")).post("/api/v1/episodes").then().statusCode(429)
                .body("quota", equalTo("concurrent-episodes"));
        given().auth().preemptive().basic("carol", "carol").delete("/api/v1/episodes/" + first).then().statusCode(200);
        String second = given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON)
                .body(Map.of("task", "practice-tabular-binary")).post("/api/v1/episodes").then().statusCode(201)
                .extract().jsonPath().getString("id");
        given().auth().preemptive().basic("carol", "carol").delete("/api/v1/episodes/" + second).then().statusCode(200);
    }

    @Test
    void a_refunded_use_does_not_count() {
        UserAccount carol = accounts.current(identityOf("carol"));
        long before = accounts.quota(carol).gradesToday();
        UsageEvent use = accounts.consume(carol, AccountService.GRADE, "refund-test");
        assertThat(accounts.quota(carol).gradesToday()).isEqualTo(before + 1);
        accounts.refund(use.id);
        assertThat(accounts.quota(carol).gradesToday()).isEqualTo(before);
    }

    @Test
    void the_rate_limit_answers_429_with_retry_after() {
        setQuota("carol", Map.of("rate_limit_per_minute", 3));
        for (int i = 0; i < 3; i++) {
            given().auth().preemptive().basic("carol", "carol").get("/api/v1/me").then().statusCode(200);
        }
        given().auth().preemptive().basic("carol", "carol").get("/api/v1/me").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", notNullValue());
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void several_tokens_share_their_users_rate_limit() {
        String first = createToken("carol", Map.of("name", "rate-a-" + System.nanoTime()));
        String second = createToken("carol", Map.of("name", "rate-b-" + System.nanoTime()));
        setQuota("carol", Map.of("rate_limit_per_minute", 4));
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(first).get("/api/v1/me").then().statusCode(200);
            given().auth().oauth2(second).get("/api/v1/me").then().statusCode(200);
        }
        given().auth().oauth2(second).get("/api/v1/me").then().statusCode(429).body("detail",
                containsString("per user"));
        given().auth().oauth2(first).get("/api/v1/me").then().statusCode(429);
        given().auth().preemptive().basic("carol", "carol").get("/api/v1/me").then().statusCode(429);
    }

    @Test
    void admin_changes_are_audited_and_exportable() {
        setQuota("carol", Map.of("grades_per_day", 7));
        given().auth().preemptive().basic("admin", "admin").queryParam("target", "user:carol").get("/api/v1/admin/audit")
                .then().statusCode(200).body("[0].action", equalTo("user.quota")).body("[0].actor", equalTo("admin"))
                .body("[0].after.gradesPerDay", equalTo(7));
        given().auth().preemptive().basic("admin", "admin").get("/api/v1/admin/audit.csv").then().statusCode(200)
                .body(containsString("user.quota")).body(containsString("user:carol"));
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/admin/audit").then().statusCode(403);
        given().get("/api/v1/admin/audit").then().statusCode(401);
    }

    @Test
    void retiring_and_activating_a_task_is_audited_and_stops_grading() {
        given().auth().preemptive().basic("admin", "admin").post("/api/v1/admin/tasks/practice-text-classification/retire")
                .then().statusCode(200).body("status", equalTo("retired"));
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("task", "practice-text-classification")).post("/api/v1/episodes").then().statusCode(409);
        given().auth().preemptive().basic("admin", "admin").post("/api/v1/admin/tasks/practice-text-classification/activate")
                .then().statusCode(200).body("status", equalTo("ready"));
        given().auth().preemptive().basic("admin", "admin").post("/api/v1/admin/tasks/spaceship-titanic/activate")
                .then().statusCode(409).body("type", containsString("task-not-prepared"));
        given().auth().preemptive().basic("admin", "admin").queryParam("action", "task.retire").get("/api/v1/admin/audit")
                .then().body("target", hasItem(containsString("practice-text-classification")));
    }

    private long accountsUsedToday(String user) {
        return accounts.quota(accounts.current(identityOf(user))).episodesToday();
    }

    private static io.quarkus.security.identity.SecurityIdentity identityOf(String user) {
        return io.quarkus.security.runtime.QuarkusSecurityIdentity.builder()
                .setPrincipal(new io.quarkus.security.runtime.QuarkusPrincipal(user)).addRole("submitter").build();
    }
}
