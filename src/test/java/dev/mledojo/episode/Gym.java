package dev.mledojo.episode;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** A small HTTP client for the Gym API used by the end-to-end tests. */
final class Gym {

    static {
        // scores must keep their double precision (JsonPath returns floats by default)
        io.restassured.RestAssured.config = io.restassured.RestAssured.config().jsonConfig(
                io.restassured.config.JsonConfig.jsonConfig().numberReturnType(
                        io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private final String user;
    private final String password;

    Gym(String user, String password) {
        this.user = user;
        this.password = password;
    }

    ValidatableResponse createRaw(Map<String, Object> body) {
        return given().auth().preemptive().basic(user, password).contentType(ContentType.JSON).body(body)
                .post("/api/v1/episodes").then();
    }

    String create(String task, int maxSteps) {
        return createRaw(Map.of("task", task, "budget", Map.of("max_steps", maxSteps))).statusCode(201)
                .extract().jsonPath().getString("id");
    }

    ValidatableResponse stepRaw(String id, Map<String, Object> body) {
        return given().auth().preemptive().basic(user, password).contentType(ContentType.JSON).body(body)
                .post("/api/v1/episodes/" + id + "/step").then();
    }

    JsonPath step(String id, String action, Map<String, Object> params) {
        return stepRaw(id, Map.of("action", action, "params", params)).statusCode(200).extract().jsonPath();
    }

    /**
     * A step the client waits for up to {@code timeout} (the tests' default is Quarkus' 30 s): a hostile program may
     * legitimately run long before a limit stops it, as an agent's step may run up to its wall time.
     */
    JsonPath step(String id, String action, Map<String, Object> params, java.time.Duration timeout) {
        int ms = Math.toIntExact(timeout.toMillis());
        io.restassured.config.RestAssuredConfig patient = io.restassured.RestAssured.config().httpClient(
                io.restassured.config.HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", ms)
                        .setParam("http.connection.timeout", ms));
        return given().config(patient).auth().preemptive().basic(user, password).contentType(ContentType.JSON)
                .body(Map.of("action", action, "params", params)).post("/api/v1/episodes/" + id + "/step").then()
                .statusCode(200).extract().jsonPath();
    }

    ValidatableResponse get(String path) {
        return given().auth().preemptive().basic(user, password).get(path).then();
    }

    ValidatableResponse close(String id) {
        return given().auth().preemptive().basic(user, password).delete("/api/v1/episodes/" + id).then();
    }
}
