package dev.mledojo.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.testing.AtOnce;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * A built-in account's first requests, sent in parallel (a client starting several calls at once), create its one
 * account row and all succeed.
 */
@QuarkusTest
class FirstUseRaceTest {

    @Test
    void parallel_first_requests_of_an_account_all_succeed_with_one_account() throws Exception {
        List<Response> responses = AtOnce.send(10, () -> given().auth().preemptive().basic("first-comer", "first-comer")
                .get("/api/v1/me"));
        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            assertThat(r.jsonPath().getString("name")).isEqualTo("first-comer");
        });
        given().auth().preemptive().basic("admin", "admin").get("/api/v1/admin/users").then().statusCode(200)
                .body("findAll { it.name == 'first-comer' }.size()", org.hamcrest.Matchers.equalTo(1));
    }
}
