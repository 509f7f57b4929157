package dev.mledojo.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.mledojo.secret.SecretStore;

/** The Kaggle account is set by an admin, stored encrypted, used by imports, and never shown again. */
@QuarkusTest
class KaggleCredentialsTest {

    static final String KEY = "0123456789abcdef0123456789abcdef";

    @Inject
    SecretStore secrets;

    @Test
    void credentials_are_write_only_and_used_by_kaggle_imports() {
        given().auth().preemptive().basic("admin", "admin").delete("/api/v1/admin/kaggle").then().statusCode(200)
                .body("configured", equalTo(false));
        given().auth().preemptive().basic("admin", "admin").post("/api/v1/admin/tasks/titanic/import/kaggle").then()
                .statusCode(409).body("type", containsString("kaggle-not-configured"));

        given().auth().preemptive().basic("admin", "admin").contentType(ContentType.JSON)
                .body(Map.of("username", "dojo-bot", "key", KEY)).put("/api/v1/admin/kaggle").then().statusCode(200)
                .body("configured", equalTo(true)).body("username", equalTo("dojo-bot")).body(not(containsString(KEY)));
        given().auth().preemptive().basic("admin", "admin").get("/api/v1/admin/kaggle").then().statusCode(200)
                .body("updatedBy", equalTo("admin")).body(not(containsString(KEY)));
        given().auth().preemptive().basic("admin", "admin").get("/api/v1/admin/audit.csv").then()
                .body(containsString("kaggle.credentials.set")).body(not(containsString(KEY)));
        assertThat(secrets.get(KaggleCredentialsResource.KEY)).contains(KEY);
        assertThat(PlatformSecretProbe.ciphertextOf(KaggleCredentialsResource.KEY)).doesNotContain(KEY);

        // no network here: the download fails, and the job reports it instead of crashing
        given().auth().preemptive().basic("admin", "admin").post("/api/v1/admin/tasks/titanic/import/kaggle").then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(90)).until(() -> !given().auth().preemptive().basic("admin", "admin")
                .get("/api/v1/admin/tasks/titanic/preparation").then().extract().jsonPath().getString("state")
                .equals("running"));
        given().auth().preemptive().basic("admin", "admin").get("/api/v1/admin/tasks/titanic/preparation").then()
                .body("state", equalTo("failed")).body(not(containsString(KEY)));

        given().auth().preemptive().basic("demo", "demo").get("/api/v1/admin/kaggle").then().statusCode(403);
        given().auth().preemptive().basic("admin", "admin").contentType(ContentType.JSON).body(Map.of("username", "x"))
                .put("/api/v1/admin/kaggle").then().statusCode(400);
        given().auth().preemptive().basic("admin", "admin").delete("/api/v1/admin/kaggle").then().statusCode(200);
    }
}
