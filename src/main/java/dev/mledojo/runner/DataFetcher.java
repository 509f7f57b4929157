package dev.mledojo.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.commons.codec.digest.DigestUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code fetch-data} role (an episode pod's init container, plain Java without Quarkus): reads the episode's spec
 * from the platform with the episode token, downloads each public file of the task version into the data directory
 * and checks its size and SHA-256, so the agent's code only ever sees the exact public data. On failure it writes a
 * one-line reason to the termination log (Kubernetes shows it as the container's message) and exits non-zero.
 */
public final class DataFetcher {

    /** File names the platform may hand out: relative, no "..", no odd characters. */
    static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    static final int ATTEMPTS = 4;

    private final HttpClient http;
    private final URI platform;
    private final String episode;
    private final String token;
    private final Path dataDir;

    DataFetcher(HttpClient http, URI platform, String episode, String token, Path dataDir) {
        this.http = http;
        this.platform = platform;
        this.episode = episode;
        this.token = token;
        this.dataDir = dataDir;
    }

    /** The role's entry point: the environment of the pod spec ({@code DOJO_PLATFORM_URL}, ...); returns the exit code. */
    public static int run(Map<String, String> env) {
        Path termination = Path.of(env.getOrDefault("DOJO_TERMINATION_LOG", "/dev/termination-log"));
        try {
            String token = Files.readString(Path.of(required(env, "DOJO_EPISODE_TOKEN_FILE")), StandardCharsets.UTF_8).strip();
            DataFetcher fetcher = new DataFetcher(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                    URI.create(required(env, "DOJO_PLATFORM_URL")), required(env, "DOJO_EPISODE_ID"), token,
                    Path.of(env.getOrDefault("DOJO_DATA_DIR", "/data")));
            int files = fetcher.fetch();
            System.out.println("fetched " + files + " public files of episode " + env.get("DOJO_EPISODE_ID"));
            return 0;
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            System.err.println("fetch-data: " + reason);
            try {
                Files.writeString(termination, reason.length() > 1000 ? reason.substring(0, 1000) : reason,
                        StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException ignored) {
                // no termination log outside a pod: stderr has it
            }
            return 1;
        }
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return v;
    }

    /** Downloads every public file of the spec and verifies it; returns how many. */
    int fetch() throws IOException {
        JsonNode spec = new ObjectMapper().readTree(get("/api/v1/runner/episodes/" + episode + "/spec",
                HttpResponse.BodyHandlers.ofString()).body());
        Files.createDirectories(dataDir);
        int count = 0;
        for (JsonNode f : spec.path("files")) {
            String name = f.path("name").asText();
            if (!SAFE_NAME.matcher(name).matches() || name.contains("..")) {
                throw new IllegalStateException("the platform listed an unsafe file name '" + name + "'");
            }
            download(name, f.path("url").asText(), f.path("size").asLong(), f.path("sha256").asText());
            count++;
        }
        return count;
    }

    private void download(String name, String url, long size, String sha256) throws IOException {
        Path target = dataDir.resolve(name).normalize();
        if (!target.startsWith(dataDir)) {
            throw new IllegalStateException("'" + name + "' would be written outside " + dataDir);
        }
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        HttpResponse<InputStream> response = get(url, HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest digest = DigestUtils.getSha256Digest();
        long written;
        try (InputStream in = new DigestInputStream(response.body(), digest);
                OutputStream out = Files.newOutputStream(part)) {
            written = in.transferTo(out);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (written != size || !actual.equals(sha256)) {
            Files.deleteIfExists(part);
            throw new IllegalStateException(name + ": got " + written + " bytes with sha256 " + actual + ", expected "
                    + size + " bytes with sha256 " + sha256);
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A GET with the token; connection errors and 5xx are retried with backoff, any other failure is final. */
    private <T> HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(platform.resolve(path)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + token).GET().build();
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<T> response = http.send(request, body);
                if (response.statusCode() == 200) {
                    return response;
                }
                String what = "GET " + path + " answered " + response.statusCode();
                if (response.statusCode() < 500) {
                    throw new IllegalStateException(what + (response.statusCode() == 401
                            ? " (the episode token was refused: the episode is closed or the token is wrong)" : ""));
                }
                last = new IOException(what);
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted", e));
            }
            pause(attempt);
        }
        throw new IOException("the platform could not be reached after " + ATTEMPTS + " attempts: " + last.getMessage(), last);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(250L << attempt); // backoff between retries of a pod's download, not a test
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
