package dev.mledojo.leaderboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A platform that cannot run agent code says so, and what to install, on the leaderboard and in the admin area. */
@QuarkusTest
@TestProfile(NoSandboxPagesTest.NoInterpreter.class)
class NoSandboxPagesTest {

    public static class NoInterpreter implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dojo.sandbox.python", "/no/such/python3");
        }
    }

    @Test
    void theFrontPageTheLeaderboardAndTheAdminAreaSayWhatToInstall() {
        given().accept(ContentType.HTML).get("/").then().statusCode(200)
                .body(containsString("This platform cannot run agent code"))
                .body(containsString("the demo does not submit"))
                .body(containsString("apt-get install bubblewrap"));
        given().accept(ContentType.HTML).get("/leaderboard").then().statusCode(200)
                .body(containsString("This platform cannot run agent code"))
                .body(containsString("/no/such/python3"))
                .body(containsString("apt-get install bubblewrap"));
        given().auth().preemptive().basic("admin", "admin").accept(ContentType.HTML).get("/admin").then().statusCode(200)
                .body(containsString("Agent code cannot run on this platform"))
                .body(containsString("apt-get install bubblewrap"));
    }
}
