package dev.mledojo.leaderboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code /methodology} is {@code src/docs/methodology.md} rendered for everyone. */
@QuarkusTest
class MethodologyPageTest {

    @Test
    void anyoneReadsTheFormulasRenderedAsHtml() {
        given().accept(ContentType.HTML).get("/methodology").then().statusCode(200)
                .contentType(ContentType.HTML)
                .body(containsString("<h1>Methodology: how the boards' numbers are computed</h1>"))
                .body(containsString("<h2>Bootstrap 95 % intervals</h2>"))
                .body(containsString("<h2>Elo (Bradley–Terry)</h2>"))
                .body(containsString("<h2>Data versions and caveats</h2>"))
                .body(containsString("<code>BootstrapTest</code>"))
                .body(not(containsString("## Mean HumanRank")));
    }
}
