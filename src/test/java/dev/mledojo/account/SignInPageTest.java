package dev.mledojo.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The layout's "Sign in" link in the built-in mode (KeycloakIT covers the OIDC mode against a real Keycloak). */
@QuarkusTest
class SignInPageTest {

    @Test
    void sign_in_link_leads_to_the_form_and_a_signed_in_user_to_the_catalogue() {
        given().accept(ContentType.HTML).get("/tasks").then().statusCode(200).body(containsString("href=\"/signin\""));
        given().redirects().follow(false).get("/signin").then().statusCode(302).header("Location", containsString("/login"));
        String cookie = given().redirects().follow(false).formParam("j_username", "demo").formParam("j_password", "demo")
                .post("/j_security_check").then().statusCode(302).extract().cookie("quarkus-credential");
        given().redirects().follow(false).cookie("quarkus-credential", cookie).get("/signin").then().statusCode(303)
                .header("Location", endsWith("/tasks"));
    }
}
