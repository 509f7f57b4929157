package dev.mledojo.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Sign-out ends the session on the server (hostile audit, finding 11): the form's cookie is stateless, so a copy kept
 * from before {@code /logout} used to go on working. Uses its own account (sess-form).
 */
@QuarkusTest
class SessionEndTest {

    @Inject
    SignInSessions sessions;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "quarkus.http.auth.session.encryption-key")
    String key;

    private static String signIn() {
        return given().redirects().follow(false).formParam("j_username", "sess-form").formParam("j_password", "sess-form")
                .post("/j_security_check").then().statusCode(302).extract().cookie("quarkus-credential");
    }

    private static void works(String cookie) {
        given().cookie("quarkus-credential", cookie).get("/api/v1/me").then().statusCode(200)
                .body("name", equalTo("sess-form"));
    }

    private static void refused(String cookie) {
        given().cookie("quarkus-credential", cookie).get("/api/v1/me").then().statusCode(401)
                .contentType("application/problem+json").body("type", containsString("unauthorized"));
        given().redirects().follow(false).accept(ContentType.HTML).cookie("quarkus-credential", cookie).get("/me/tokens")
                .then().statusCode(302).header("Location", containsString("/login"));
    }

    @Test
    void a_cookie_kept_from_before_sign_out_no_longer_signs_in() {
        String kept = signIn();
        works(kept);
        given().redirects().follow(false).cookie("quarkus-credential", kept).get("/logout").then().statusCode(303);
        refused(kept);
        // signing in again gives a working session
        works(signIn());
    }

    @Test
    void a_changed_password_or_role_set_seen_at_startup_ends_the_sessions() {
        String kept = signIn();
        works(kept);
        // as if the account's configured password or roles had been different before this start
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update sign_in_session set credential_mac = 'before' where user_name = 'sess-form'").executeUpdate());
        sessions.onStart(null);
        refused(kept);
        works(signIn());
        // an unchanged configuration at the next start ends nothing
        String fresh = signIn();
        sessions.onStart(null);
        works(fresh);
    }

    @Test
    void the_issue_time_is_read_from_a_real_form_cookie() {
        long before = System.currentTimeMillis();
        String cookie = signIn();
        long after = System.currentTimeMillis();
        java.util.OptionalLong issued = FormCookies.issuedAtMillis(cookie, key, Duration.ofMinutes(30));
        assertThat(issued).isPresent();
        assertThat(issued.getAsLong()).isBetween(before, after);
        assertThat(FormCookies.issuedAtMillis(cookie, "another-key-0123456789", Duration.ofMinutes(30))).isEmpty();
        assertThat(FormCookies.issuedAtMillis("not base64!", key, Duration.ofMinutes(30))).isEmpty();
    }
}
