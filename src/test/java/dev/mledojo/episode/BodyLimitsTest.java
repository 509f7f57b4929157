package dev.mledojo.episode;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Request bodies are capped per route (hostile audit, finding 7: every route took the 600 MB upload limit): API JSON
 * 1 MiB, a step 2 MiB, file uploads the large global limit; a declared length over the cap is a 413 problem before
 * anything is read, a chunked body is stopped by counting.
 */
@QuarkusTest
class BodyLimitsTest {

    static final String TASK = "practice-tabular-binary";
    static final int THREE_MIB = 3 << 20;

    @TestHTTPResource("/")
    URL base;

    final Gym demo = new Gym("demo", "demo");

    private static String json(int bytes) {
        return "{\"task\": \"" + TASK + "\", \"pad\": \"" + "x".repeat(bytes) + "\"}";
    }

    @Test
    void three_mib_of_json_to_an_api_route_is_a_413_problem() {
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON).body(json(THREE_MIB))
                .post("/api/v1/episodes").then().statusCode(413).contentType("application/problem+json")
                .body("type", endsWith("/body-too-large")).body("status", equalTo(413))
                .body("detail", containsString("/api/v1/episodes accepts at most 1048576 bytes (1 MiB)"))
                .body("limit", equalTo(1 << 20));
        // anonymous callers are refused the same way, before anything is read or authenticated
        given().contentType(ContentType.JSON).body(json(THREE_MIB)).post("/api/v1/agents").then().statusCode(413)
                .body("type", endsWith("/body-too-large"));
        // a page's form gets a page (plain: the site's layout is not available before the request scope)
        given().auth().preemptive().basic("demo", "demo").accept(ContentType.HTML).contentType(ContentType.URLENC)
                .formParam("name", "x".repeat(THREE_MIB)).post("/me/agents").then().statusCode(413)
                .contentType(ContentType.HTML).body(containsString("Request body too large"))
                .body(containsString("/me/agents accepts at most 1048576 bytes"));
        // under the cap the route works as before
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON).body(json(1000))
                .post("/api/v1/episodes").then().statusCode(201);
    }

    @Test
    void a_file_download_over_http2_is_not_taken_for_a_body_of_unknown_length() throws Exception {
        // an HTTP/2 GET has no Content-Length; the pods' runners (JDK HttpClient) upgrade to h2c and fetch data files
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        java.net.URI uri = base.toURI().resolve("/api/v1/tasks/" + TASK + "/data/train.csv");
        java.net.http.HttpResponse<String> first = client.send(java.net.http.HttpRequest.newBuilder(uri).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        java.net.http.HttpResponse<String> second = client.send(java.net.http.HttpRequest.newBuilder(uri).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(second.version()).as("the connection was upgraded").isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
        for (java.net.http.HttpResponse<String> r : java.util.List.of(first, second)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).startsWith("id,");
        }
    }

    @Test
    void a_step_may_carry_two_mib_and_no_more() {
        String id = demo.create(TASK, 3);
        demo.stepRaw(id, Map.of("action", "execute_code", "params", Map.of("code", "#" + "x".repeat(THREE_MIB))))
                .statusCode(413).body("type", endsWith("/body-too-large"))
                .body("detail", containsString("accepts at most 2097152 bytes (2 MiB)"));
        // 1.5 MiB of code passes the body cap and is refused by the code limit inside the episode
        demo.stepRaw(id, Map.of("action", "execute_code", "params", Map.of("code", "#" + "x".repeat(3 << 19))))
                .statusCode(200).body("observation.error.kind", equalTo("code_too_large"));
        demo.close(id).statusCode(200);
    }

    @Test
    void file_upload_routes_keep_the_large_limit() {
        StringBuilder csv = new StringBuilder("id,churned\n");
        for (int i = 0; csv.length() < THREE_MIB; i++) {
            csv.append("no-such-id-").append(i).append(",0.5\n");
        }
        // not refused for its size: graded, and refused for its content
        given().auth().preemptive().basic("admin", "admin")
                .multiPart("file", "submission.csv", csv.toString().getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/v1/tasks/" + TASK + "/grade").then().statusCode(400)
                .body("type", endsWith("/invalid-submission"));
        byte[] junk = new byte[THREE_MIB];
        given().auth().preemptive().basic("admin", "admin").multiPart("file", "task.zip", junk, "application/zip")
                .post("/api/v1/admin/tasks").then().statusCode(400).body("type", endsWith("/archive-rejected"));
    }

    @Test
    void a_chunked_body_over_the_cap_is_stopped_with_413() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000); // a guard against hanging the build, not a timed assertion
            OutputStream out = socket.getOutputStream();
            String auth = Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
            out.write(("POST /api/v1/episodes HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the body streams in the background; the answer is read as soon as it comes
            CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> send(out, "{\"task\": \"" + TASK
                    + "\", \"pad\": \"", THREE_MIB));
            String response = response(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n")
                    .containsIgnoringCase("content-type: application/problem+json")
                    .contains("\"type\":\"https://mle-dojo.dev/problems/body-too-large\"")
                    .contains("The request body went past the limit; /api/v1/episodes accepts at most 1048576 bytes");
            assertThat(sent.get()).as("bytes the client could send before the server stopped reading")
                    .isLessThanOrEqualTo((long) THREE_MIB + 100);
        }
        // nothing was created: the next request with a normal body still works
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON).body(json(10))
                .post("/api/v1/episodes").then().statusCode(201);
    }

    /** Writes a JSON prefix and then {@code bytes} of padding in 64 KiB chunks; stops quietly when the server closes. */
    private static long send(OutputStream out, String prefix, int bytes) {
        long sent = 0;
        try {
            writeChunk(out, prefix.getBytes(StandardCharsets.US_ASCII));
            byte[] pad = "x".repeat(64 << 10).getBytes(StandardCharsets.US_ASCII);
            while (sent < bytes) {
                writeChunk(out, pad);
                sent += pad.length;
            }
            writeChunk(out, "\"}".getBytes(StandardCharsets.US_ASCII));
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the server answered and closed the connection
        }
        return sent;
    }

    private static void writeChunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** The whole response, read until the server closes the connection (what arrived before a reset counts). */
    private static String response(InputStream in) {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (java.net.SocketTimeoutException e) {
            text.append("\n[no end of the response: the server kept the connection open]");
        } catch (IOException e) {
            // reset after the answer: keep what was read
        }
        return text.toString();
    }
}
