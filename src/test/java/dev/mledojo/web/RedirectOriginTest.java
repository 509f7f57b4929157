package dev.mledojo.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.mledojo.testing.PageSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Redirects never carry the request's {@code Host} (hostile audit, finding 12): {@code Host: evil.example} used to come
 * back as {@code Location: http://evil.example/...}.
 */
@QuarkusTest
class RedirectOriginTest {

    private static void relative(Response r, String path) {
        String location = r.header("Location");
        assertThat(location).as("Location").startsWith(path).doesNotContain("evil.example").doesNotContain("://");
    }

    @Test
    void the_sign_in_redirect_of_a_protected_page_is_relative() {
        Response r = given().redirects().follow(false).accept(ContentType.HTML).header("Host", "evil.example")
                .get("/me/tokens");
        assertThat(r.statusCode()).isIn(302, 303);
        relative(r, "/login");
    }

    @Test
    void the_sign_in_form_and_sign_out_redirect_relatively() {
        Response signIn = given().redirects().follow(false).header("Host", "evil.example")
                .formParam("j_username", "demo").formParam("j_password", "demo").post("/j_security_check");
        assertThat(signIn.statusCode()).isEqualTo(302);
        relative(signIn, "/tasks");
        Response wrong = given().redirects().follow(false).header("Host", "evil.example")
                .formParam("j_username", "demo").formParam("j_password", "not-demo").post("/j_security_check");
        assertThat(wrong.statusCode()).isEqualTo(302);
        relative(wrong, "/login?error=true");
        Response out = given().redirects().follow(false).header("Host", "evil.example").get("/logout");
        assertThat(out.statusCode()).isEqualTo(303);
        relative(out, "/tasks");
    }

    @Test
    void a_form_post_that_redirects_is_relative() {
        long id = ((Number) given().auth().preemptive().basic("carol", "carol").contentType(ContentType.JSON)
                .body(java.util.Map.of("name", "redirect-origin")).post("/api/v1/me/tokens").then().statusCode(201)
                .extract().path("token.id")).longValue();
        PageSession s = PageSession.signIn("carol", "/me/tokens");
        Response r = s.request().header("Host", "evil.example").formParam("csrf-token", s.token)
                .post("/me/tokens/" + id + "/revoke");
        assertThat(r.statusCode()).as(r.asString()).isBetween(300, 399);
        relative(r, "/me/tokens");
    }

    @Test
    void only_locations_on_the_request_host_are_rewritten() {
        assertThat(RedirectOrigin.relativeIfOnHost("http://evil.example/tasks?x=1#f", "evil.example", -1))
                .isEqualTo("/tasks?x=1#f");
        assertThat(RedirectOrigin.relativeIfOnHost("http://evil.example:8081/a", "EVIL.example", 8081)).isEqualTo("/a");
        assertThat(RedirectOrigin.relativeIfOnHost("http://evil.example//other.example/a", "evil.example", -1))
                .isEqualTo("/other.example/a");
        assertThat(RedirectOrigin.relativeIfOnHost("https://keycloak.example/auth", "evil.example", -1))
                .isEqualTo("https://keycloak.example/auth");
        assertThat(RedirectOrigin.relativeIfOnHost("http://evil.example:9000/a", "evil.example", -1))
                .isEqualTo("http://evil.example:9000/a");
        assertThat(RedirectOrigin.relativeIfOnHost("/already/relative", "evil.example", -1)).isEqualTo("/already/relative");
    }
}
