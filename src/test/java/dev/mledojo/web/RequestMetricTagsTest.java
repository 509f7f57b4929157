package dev.mledojo.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Requests refused before they reach a route open no time series of their own: their raw paths never become
 * {@code uri} tags of {@code http.server.requests}, they are counted under {@code uri="REFUSED"}.
 */
@QuarkusTest
class RequestMetricTagsTest {

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void refused_requests_are_counted_under_one_uri_whatever_their_path() {
        String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("metrics-probe:wrong".getBytes());
        for (int i = 0; i < 5; i++) {
            given().header("X-Forwarded-For", "198.51.100.120").header("Authorization", wrong)
                    .get("/api/v1/agents/metrics-probe-" + i).then().statusCode(401);
            given().header("X-Forwarded-For", "198.51.100.121").header("Authorization", "Basic !!!")
                    .get("/api/v1/tasks/metrics-probe-" + i).then().statusCode(401);
        }
        // the timer is recorded when the response ends on the server: wait until all ten are counted
        await().atMost(Duration.ofSeconds(30)).until(() -> refusedCount(metrics()) >= 10);
        String metrics = metrics();
        assertThat(metrics).doesNotContain("metrics-probe-")
                .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"401\","
                        + "uri=\"REFUSED\"}");
        // a routed request keeps its route's template
        given().get("/api/v1/tasks/practice-tabular-binary").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> metrics().contains("uri=\"/api/v1/tasks/{id}\""));
    }

    private static double refusedCount(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{")
                && l.contains("status=\"401\"") && l.contains("uri=\"REFUSED\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
