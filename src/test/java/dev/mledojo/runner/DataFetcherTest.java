package dev.mledojo.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** The fetch-data role against a stand-in platform (the JDK's HTTP server): what it writes and how it fails. */
class DataFetcherTest {

    static final String EPISODE = "e-1";
    static final String TOKEN = "mle_ep_secret";
    static final byte[] TRAIN = "id,y\n1,0\n2,1\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] SAMPLE = "id,y\n3,0.5\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    HttpServer server;
    final Map<String, byte[]> served = new ConcurrentHashMap<>();
    final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();
    String spec;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            int status;
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
                body = "{}".getBytes(StandardCharsets.UTF_8);
            } else if (failuresLeft.merge(path, -1, Integer::sum) >= 0) {
                status = 503;
                body = "{}".getBytes(StandardCharsets.UTF_8);
            } else if (path.endsWith("/spec")) {
                status = 200;
                body = spec.getBytes(StandardCharsets.UTF_8);
            } else if (served.containsKey(path)) {
                status = 200;
                body = served.get(path);
            } else {
                status = 404;
                body = "{}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        served.put(url("train.csv"), TRAIN);
        served.put(url("sub/sample_submission.csv"), SAMPLE);
        spec = spec(List.of(entry("train.csv", TRAIN), entry("sub/sample_submission.csv", SAMPLE)));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static String url(String name) {
        return "/api/v1/runner/episodes/" + EPISODE + "/data/" + name;
    }

    static String entry(String name, byte[] bytes) {
        return "{\"name\": \"" + name + "\", \"size\": " + bytes.length + ", \"sha256\": \"" + DigestUtils.sha256Hex(bytes)
                + "\", \"url\": \"" + url(name) + "\"}";
    }

    static String spec(List<String> files) {
        return "{\"episodeId\": \"" + EPISODE + "\", \"files\": [" + String.join(", ", files) + "]}";
    }

    Map<String, String> env(String token) throws IOException {
        Path tokenFile = tmp.resolve("token");
        Files.writeString(tokenFile, token + "\n");
        Map<String, String> env = new HashMap<>();
        env.put("DOJO_PLATFORM_URL", "http://127.0.0.1:" + server.getAddress().getPort());
        env.put("DOJO_EPISODE_ID", EPISODE);
        env.put("DOJO_EPISODE_TOKEN_FILE", tokenFile.toString());
        env.put("DOJO_DATA_DIR", tmp.resolve("data").toString());
        env.put("DOJO_TERMINATION_LOG", tmp.resolve("termination-log").toString());
        return env;
    }

    String terminationMessage() throws IOException {
        return Files.readString(tmp.resolve("termination-log"));
    }

    @Test
    void writesEveryPublicFileVerifiedAndRetriesAPlatformThatIsBriefly503() throws IOException {
        failuresLeft.put("/api/v1/runner/episodes/" + EPISODE + "/spec", 2); // a rolling update of the platform
        assertThat(DataFetcher.run(env(TOKEN))).isZero();
        assertThat(tmp.resolve("data/train.csv")).hasBinaryContent(TRAIN);
        assertThat(tmp.resolve("data/sub/sample_submission.csv")).hasBinaryContent(SAMPLE);
        assertThat(tmp.resolve("data/train.csv.part")).doesNotExist();
        assertThat(tmp.resolve("termination-log")).doesNotExist();
    }

    @Test
    void aFileWhoseChecksumDiffersIsRefusedAndNotLeftBehind() throws IOException {
        served.put(url("train.csv"), "id,y\n1,1\n2,1\n".getBytes(StandardCharsets.UTF_8)); // same size, other bytes
        assertThat(DataFetcher.run(env(TOKEN))).isEqualTo(1);
        assertThat(terminationMessage()).startsWith("train.csv: got").contains("expected " + TRAIN.length + " bytes with sha256 "
                + DigestUtils.sha256Hex(TRAIN));
        assertThat(tmp.resolve("data/train.csv")).doesNotExist();
        assertThat(tmp.resolve("data/train.csv.part")).doesNotExist();
    }

    @Test
    void anUnsafeNameFromThePlatformIsRefused() throws IOException {
        spec = spec(List.of(entry("../outside.csv", TRAIN)));
        served.put(url("../outside.csv"), TRAIN);
        assertThat(DataFetcher.run(env(TOKEN))).isEqualTo(1);
        assertThat(terminationMessage()).contains("unsafe file name '../outside.csv'");
        assertThat(tmp.resolve("outside.csv")).doesNotExist();
    }

    @Test
    void aRefusedTokenSaysSo() throws IOException {
        assertThat(DataFetcher.run(env("mle_ep_wrong"))).isEqualTo(1);
        assertThat(terminationMessage()).contains("answered 401").contains("episode token was refused");
    }

    @Test
    void aMissingSettingIsNamed() throws IOException {
        Map<String, String> env = env(TOKEN);
        env.remove("DOJO_PLATFORM_URL");
        assertThat(DataFetcher.run(env)).isEqualTo(1);
        assertThat(terminationMessage()).isEqualTo("DOJO_PLATFORM_URL is not set");
    }
}
