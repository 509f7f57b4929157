package dev.mledojo.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mledojo.testing.PageSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The CSRF design: page forms need the token; the API works for programs (Basic, bearer) without any token, while a
 * browser's cookie-authenticated or cross-site call to the API is held to the page rules; the sign-in form is covered.
 */
@QuarkusTest
class CsrfTest {

    @Test
    void pages_issue_the_cookie_and_put_the_same_token_in_their_forms() {
        Response login = given().accept(ContentType.HTML).get("/login");
        String cookie = login.getCookie("csrf-token");
        login.then().statusCode(200).body(containsString("action=\"/j_security_check?csrf-token=" + cookie + "\""));
        login.then().header("Set-Cookie", org.hamcrest.Matchers.containsStringIgnoringCase("HttpOnly")).header("Set-Cookie", containsString("SameSite=Lax"));
        // a returning browser keeps its token
        given().accept(ContentType.HTML).cookie("csrf-token", cookie).get("/login").then()
                .body(containsString("csrf-token=" + cookie)).header("Set-Cookie", org.hamcrest.Matchers.nullValue());
        // the API hands out no CSRF cookie
        given().get("/api/v1/tasks").then().statusCode(200).header("Set-Cookie", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void programs_use_the_api_without_any_token() {
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", "script", "scopes", java.util.List.of("submitter"))).post("/api/v1/me/tokens").then()
                .statusCode(201);
        String secret = given().auth().preemptive().basic("admin", "admin").contentType(ContentType.JSON)
                .body(Map.of("name", "script")).post("/api/v1/me/tokens").then().statusCode(201).extract().jsonPath()
                .getString("secret");
        given().header("Authorization", "Bearer " + secret).multiPart("file", "task.zip", "not a zip".getBytes(),
                "application/zip").post("/api/v1/admin/tasks").then().statusCode(400)
                .body("type", containsString("archive-rejected")); // reached the service: no CSRF refusal
        given().header("Authorization", "Bearer " + secret).contentType(ContentType.JSON).body("{}")
                .put("/api/v1/admin/users/nobody-here/quota").then().statusCode(404);
    }

    @Test
    void a_browser_call_to_the_api_with_the_session_cookie_needs_the_token() {
        PageSession demo = PageSession.signIn("demo", "/me/tokens");
        given().cookie("quarkus-credential", demo.credential).contentType(ContentType.JSON)
                .body(Map.of("name", "from a page")).post("/api/v1/me/tokens").then().statusCode(403)
                .contentType("application/problem+json").body("type", containsString("csrf-token-invalid"))
                .body("detail", containsString("X-CSRF-Token"));
        given().cookie("quarkus-credential", demo.credential).cookie("csrf-token", demo.csrfCookie)
                .header("X-CSRF-Token", demo.token).contentType(ContentType.JSON).body(Map.of("name", "from a page"))
                .post("/api/v1/me/tokens").then().statusCode(201);
        // reads stay open
        given().cookie("quarkus-credential", demo.credential).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void a_cross_site_browser_call_to_the_api_is_refused_even_with_basic_credentials() {
        given().auth().preemptive().basic("admin", "admin").header("Sec-Fetch-Site", "cross-site")
                .multiPart("file", "task.zip", "not a zip".getBytes(), "application/zip").post("/api/v1/admin/tasks").then()
                .statusCode(403).body("type", containsString("cross-site-request"));
        given().auth().preemptive().basic("admin", "admin").header("Sec-Fetch-Site", "same-origin")
                .multiPart("file", "task.zip", "not a zip".getBytes(), "application/zip").post("/api/v1/admin/tasks").then()
                .statusCode(400);
    }

    @Test
    void the_sign_in_form_from_a_browser_needs_the_token() {
        Response login = given().accept(ContentType.HTML).get("/login");
        String cookie = login.getCookie("csrf-token");
        // a forged form from another site (the browser says so), or one without the token: not used, back to the form
        Response forged = given().redirects().follow(false).header("Origin", "https://evil.example")
                .header("Sec-Fetch-Site", "cross-site").cookie("csrf-token", cookie).formParam("j_username", "demo")
                .formParam("j_password", "demo").post("/j_security_check");
        forged.then().statusCode(303).header("Location", "/login");
        org.assertj.core.api.Assertions.assertThat(forged.getCookies()).doesNotContainKey("quarkus-credential");
        given().accept(ContentType.HTML).cookie("dojo-flash", forged.getCookie("dojo-flash")).get("/login").then()
                .body(containsString("had expired or was sent from another site"));
        given().redirects().follow(false).header("Origin", "http://localhost").header("Sec-Fetch-Site", "same-origin")
                .cookie("csrf-token", cookie).formParam("j_username", "demo").formParam("j_password", "demo")
                .post("/j_security_check").then().statusCode(303);
        // the page's own form: the token in the query string matches the cookie
        given().redirects().follow(false).header("Origin", "http://localhost").header("Sec-Fetch-Site", "same-origin")
                .cookie("csrf-token", cookie).formParam("j_username", "demo").formParam("j_password", "demo")
                .queryParam("csrf-token", cookie).post("/j_security_check").then().statusCode(302)
                .cookie("quarkus-credential", not(equalTo("")));
    }
}
