package dev.mledojo.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.mledojo.testing.PageSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The page of personal API tokens: list, create (secret shown once), revoke; CSRF-protected forms. */
@QuarkusTest
class TokenPageTest {

    @Test
    void visitors_are_sent_to_sign_in() {
        given().redirects().follow(false).accept(ContentType.HTML).get("/me/tokens").then()
                .statusCode(anyOf(equalTo(302), equalTo(303))).header("Location", containsString("/login"));
    }

    @Test
    void a_token_is_created_shown_once_used_and_revoked() {
        PageSession demo = PageSession.signIn("demo", "/me/tokens");
        demo.request().get("/me/tokens").then().statusCode(200).body(containsString("Create a token"))
                .body(containsString("name=\"scopes\" value=\"submitter\"")).body(not(containsString("value=\"admin\"")));

        Response created = demo.request().contentType(ContentType.URLENC).formParam("csrf-token", demo.token)
                .formParam("name", "page laptop").formParam("scopes", "submitter").formParam("days_valid", "30")
                .post("/me/tokens");
        created.then().statusCode(200).contentType(ContentType.HTML).header("Cache-Control", "no-store")
                .body(containsString("shown only on this page"));
        Matcher m = Pattern.compile("<code id=\"secret\">(mld_[A-Za-z0-9_-]+)</code>").matcher(created.asString());
        assertThat(m.find()).as("the secret on the result page").isTrue();
        String secret = m.group(1);

        given().header("Authorization", "Bearer " + secret).get("/api/v1/me").then().statusCode(200)
                .body("name", equalTo("demo")).body("viaToken", equalTo(true));
        String list = demo.request().get("/me/tokens").then().statusCode(200).extract().asString();
        assertThat(list).contains("page laptop").contains(secret.substring(0, 10) + "…").doesNotContain(secret);

        Matcher id = Pattern.compile("action=\"/me/tokens/(\\d+)/revoke\"").matcher(list.substring(list.indexOf("page laptop")));
        assertThat(id.find()).isTrue();
        // revoking needs the token too
        demo.request().contentType(ContentType.URLENC).post("/me/tokens/" + id.group(1) + "/revoke").then().statusCode(403)
                .body(containsString("Form refused"));
        Response revoked = demo.request().contentType(ContentType.URLENC).formParam("csrf-token", demo.token)
                .post("/me/tokens/" + id.group(1) + "/revoke");
        revoked.then().statusCode(303).header("Location", containsString("/me/tokens"));
        demo.request().cookie("dojo-flash", revoked.getCookie("dojo-flash")).get("/me/tokens").then()
                .body(containsString("Token page laptop")).body(containsString("is revoked"))
                .body(containsString("class=\"revoked\""));
        given().header("Authorization", "Bearer " + secret).get("/api/v1/me").then().statusCode(401);
        // another user's token cannot be revoked: a friendly 404
        PageSession carol = PageSession.signIn("carol", "/me/tokens");
        carol.request().contentType(ContentType.URLENC).formParam("csrf-token", carol.token)
                .post("/me/tokens/" + id.group(1) + "/revoke").then().statusCode(404).contentType(ContentType.HTML);
    }

    @Test
    void mistakes_show_the_form_again_with_what_was_typed() {
        PageSession demo = PageSession.signIn("demo", "/me/tokens");
        demo.request().contentType(ContentType.URLENC).formParam("csrf-token", demo.token).formParam("name", "ci runner")
                .formParam("scopes", "submitter").formParam("days_valid", "forever").post("/me/tokens").then()
                .statusCode(400).contentType(ContentType.HTML).body(containsString("not a number of days"))
                .body(containsString("value=\"ci runner\"")).body(containsString("value=\"forever\""))
                .body(containsString("No token was created"));
        demo.request().contentType(ContentType.URLENC).formParam("csrf-token", demo.token).formParam("name", "ci runner")
                .formParam("scopes", "admin").post("/me/tokens").then().statusCode(400)
                .body(containsString("never grants more"));
        demo.request().contentType(ContentType.URLENC).formParam("csrf-token", demo.token).formParam("name", "")
                .formParam("scopes", "submitter").post("/me/tokens").then().statusCode(400)
                .body(containsString("name of 1 to 100"));
        demo.request().contentType(ContentType.URLENC).formParam("name", "no token").formParam("scopes", "submitter")
                .post("/me/tokens").then().statusCode(403);
        assertThat(demo.request().get("/me/tokens").asString()).doesNotContain("ci runner").doesNotContain("no token");
    }
}
