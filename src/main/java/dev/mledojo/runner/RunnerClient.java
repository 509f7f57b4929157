package dev.mledojo.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.commons.codec.digest.DigestUtils;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.mledojo.episode.EpisodeViews;

/**
 * The runner's calls to the platform's runner API with the episode token. Connection errors, 5xx, 429 and
 * {@code 409 step-in-progress} are retried with backoff for up to {@code retryFor} (a platform restart or rolling
 * update must not end a running episode; a retried step report is answered from the recorded step, never taken twice);
 * any other refusal is final and thrown as {@link Refused}.
 */
final class RunnerClient {

    /** The platform refused a call for good (a 4xx other than the retried ones). */
    static final class Refused extends RuntimeException {
        final int status;
        final String slug;
        /** The platform's problem JSON, as it came. */
        final String body;

        Refused(int status, String slug, String detail, String body) {
            super(status + " " + slug + (detail == null ? "" : ": " + detail));
            this.status = status;
            this.slug = slug;
            this.body = body;
        }

        /** The episode was closed (cancelled, finished by its deadline, recovered) under the runner. */
        boolean closed() {
            return status == 409 && "episode-closed".equals(slug) || status == 401;
        }
    }

    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .findAndAddModules().build();

    private final HttpClient http;
    private final URI base;
    private final String token;
    private final Duration retryFor;

    RunnerClient(HttpClient http, URI platform, String episode, String token, Duration retryFor) {
        this.http = http;
        this.base = platform.resolve("/api/v1/runner/episodes/" + episode + "/");
        this.token = token;
        this.retryFor = retryFor;
    }

    RunnerService.Begun begin(String podUid) {
        return post("begin", Map.of("podUid", podUid), RunnerService.Begun.class);
    }

    void heartbeat(String podUid) {
        send(json(base.resolve("heartbeat"), Map.of("podUid", podUid)), Duration.ofSeconds(30));
    }

    EpisodeViews.StepResponse step(RunnerService.StepReport report) {
        return post("steps", report, EpisodeViews.StepResponse.class);
    }

    RunnerService.Ended end(String podUid, String outcome, String message) {
        return post("end", new RunnerService.EndReport(podUid, outcome, message), RunnerService.Ended.class);
    }

    /** Uploads a file under its SHA-256 (idempotent) and returns the hash. */
    String upload(Path file) {
        String sha256;
        try (var in = java.nio.file.Files.newInputStream(file)) {
            sha256 = DigestUtils.sha256Hex(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest request;
        try {
            request = authorised(base.resolve("uploads/" + sha256)).header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
        } catch (java.io.FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
        send(request, retryFor);
        return sha256;
    }

    private <T> T post(String path, Object body, Class<T> type) {
        String answer = send(json(base.resolve(path), body), retryFor);
        try {
            return JSON.readValue(answer, type);
        } catch (IOException e) {
            throw new UncheckedIOException("the platform's answer to " + path + " is not what the runner expects", e);
        }
    }

    private HttpRequest json(URI uri, Object body) {
        try {
            return authorised(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder authorised(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(15)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    /** Sends until a 2xx (its body), a final refusal, or {@code window} is over. */
    private String send(HttpRequest request, Duration window) {
        Instant giveUp = Instant.now().plus(window);
        long pause = 250;
        String last;
        while (true) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return response.body();
                }
                String slug = slug(response.body());
                boolean retried = status >= 500 || status == 429 || status == 409 && "step-in-progress".equals(slug);
                if (!retried) {
                    throw new Refused(status, slug, detail(response.body()), response.body());
                }
                last = request.method() + " " + request.uri().getPath() + " answered " + status + " " + slug;
            } catch (IOException e) {
                last = request.method() + " " + request.uri().getPath() + ": " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (Instant.now().plusMillis(pause).isAfter(giveUp)) {
                throw new IllegalStateException("the platform did not answer for " + window.toSeconds() + " s; last: "
                        + last);
            }
            System.err.println("runner: " + last + "; retrying in " + pause + " ms");
            try {
                Thread.sleep(pause); // backoff between retries of a call to the platform
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            pause = Math.min(pause * 2, 5_000);
        }
    }

    /** The problem slug of a problem+json body (the last segment of its type), or "unknown". */
    static String slug(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            String type = node.path("type").asText("");
            return type.isEmpty() ? "unknown" : type.substring(type.lastIndexOf('/') + 1);
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String detail(String body) {
        try {
            return JSON.readTree(body).path("detail").asText(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
