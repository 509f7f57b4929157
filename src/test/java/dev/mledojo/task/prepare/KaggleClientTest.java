package dev.mledojo.task.prepare;

import static dev.mledojo.task.prepare.Fixtures.names;
import static dev.mledojo.task.prepare.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mledojo.task.prepare.KaggleException.Kind;

/**
 * The Kaggle client against two local servers: one behaves like Kaggle's download-all endpoint (checks Basic auth,
 * answers 302 to a signed URL or an error), the other like the storage host that serves the archive.
 */
class KaggleClientTest {

    static final KaggleCredentials GOOD = new KaggleCredentials("alice", "s3cr3t-key-123");

    @TempDir
    Path tmp;

    HttpServer api;
    HttpServer storage;
    byte[] archive;
    final List<String> storageAuthHeaders = new CopyOnWriteArrayList<>();
    final List<String> storageQueries = new CopyOnWriteArrayList<>();
    final List<String> apiAuthHeaders = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        archive = Fixtures.zipBytes(Map.of("train.csv", utf8("id,y\n1,0\n2,1\n"), "test.csv", utf8("id\n3\n")));
        storage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        storage.createContext("/blob/", this::serveBlob);
        storage.start();
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/api/v1/competitions/data/download-all/", this::kaggle);
        api.start();
    }

    @AfterEach
    void stop() {
        api.stop(0);
        storage.stop(0);
    }

    /** Kaggle's behaviour, keyed by the competition slug. */
    private void kaggle(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        apiAuthHeaders.add(String.valueOf(auth));
        String slug = ex.getRequestURI().getPath().substring("/api/v1/competitions/data/download-all/".length());
        String expected = "Basic " + Base64.getEncoder().encodeToString(utf8("alice:s3cr3t-key-123"));
        if (!expected.equals(auth)) {
            json(ex, 401, "{\"code\":401,\"message\":\"Unauthenticated\"}");
            return;
        }
        switch (slug) {
            case "rules-not-accepted" -> json(ex, 403, "{\"code\":403,\"message\":\"You must accept this competition's rules before you'll be able to download files.\"}");
            case "busy" -> {
                ex.getResponseHeaders().add("Retry-After", "30");
                json(ex, 429, "{\"code\":429,\"message\":\"Too many requests\"}");
            }
            case "broken" -> json(ex, 503, "{\"code\":503,\"message\":\"Service unavailable\"}");
            case "titanic", "big", "chunked", "html" -> {
                ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + storage.getAddress().getPort() + "/blob/"
                        + slug + ".zip?X-Goog-Signature=abc123&X-Goog-Expires=600");
                ex.sendResponseHeaders(302, -1);
                ex.close();
            }
            default -> json(ex, 404, "{\"code\":404,\"message\":\"Competition not found\"}");
        }
    }

    private void serveBlob(HttpExchange ex) throws IOException {
        storageAuthHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        storageQueries.add(ex.getRequestURI().getQuery());
        String path = ex.getRequestURI().getPath();
        byte[] body = archive;
        long length = body.length;
        if (path.endsWith("/big.zip") || path.endsWith("/chunked.zip")) {
            byte[] big = new byte[2 << 20];
            System.arraycopy(archive, 0, big, 0, archive.length);
            body = big;
            length = path.endsWith("/chunked.zip") ? 0 : big.length;
        } else if (path.endsWith("/html.zip")) {
            body = utf8("<!DOCTYPE html><html><body>Sign in</body></html>");
            length = body.length;
        }
        ex.getResponseHeaders().add("Content-Type", "application/zip");
        ex.sendResponseHeaders(200, length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        } catch (IOException e) {
            // the client hung up after its cap: expected
        }
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private KaggleClient client(KaggleCredentials creds, long cap) {
        return new KaggleClient(URI.create("http://127.0.0.1:" + api.getAddress().getPort()), creds, cap,
                Duration.ofSeconds(20));
    }

    @Test
    void followsTheRedirectWithoutForwardingTheCredentials() throws Exception {
        List<Progress> progress = new ArrayList<>();
        Path target = tmp.resolve("titanic.zip");
        KaggleClient.Download d = client(GOOD, 1 << 20).download("titanic", target, progress::add);

        assertThat(Files.readAllBytes(target)).isEqualTo(archive);
        assertThat(d.bytes()).isEqualTo(archive.length);
        assertThat(d.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)));
        assertThat(d.servedBy()).isEqualTo("127.0.0.1");
        assertThat(apiAuthHeaders).singleElement().asString().startsWith("Basic ");
        assertThat(storageAuthHeaders).as("no Authorization header at the storage host").containsExactly("null");
        assertThat(storageQueries).singleElement().asString().contains("X-Goog-Signature=abc123");
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1).fraction()).isEqualTo(1.0);
        assertThat(names(tmp)).containsExactly("titanic.zip");
        // and the archive it fetched extracts
        assertThat(new ArchiveExtractor(ArchiveLimits.defaults()).extract(target, tmp.resolve("raw")).files()).hasSize(2);
    }

    @Test
    void wrongKeyIsUnauthorizedAndTheMessageNeverShowsTheKey() {
        KaggleException e = fails(new KaggleCredentials("alice", "wrong-key-999"), "titanic", 1 << 20);
        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).contains("alice").contains("API key").doesNotContain("wrong-key-999");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void rulesNotAcceptedIsForbiddenWithWhatToDo() {
        KaggleException e = fails(GOOD, "rules-not-accepted", 1 << 20);
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.getMessage()).contains("Accept the competition rules")
                .contains("https://www.kaggle.com/competitions/rules-not-accepted/rules")
                .contains("You must accept this competition's rules");
    }

    @Test
    void unknownCompetitionIsNotFound() {
        KaggleException e = fails(GOOD, "no-such-competition", 1 << 20);
        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("no-such-competition").contains("404");
    }

    @Test
    void rateLimitAndServerErrorsAreRetryable() {
        KaggleException busy = fails(GOOD, "busy", 1 << 20);
        assertThat(busy.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(busy.getMessage()).contains("after 30 s");
        assertThat(busy.retryable()).isTrue();
        KaggleException broken = fails(GOOD, "broken", 1 << 20);
        assertThat(broken.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(broken.status()).isEqualTo(503);
        assertThat(broken.retryable()).isTrue();
    }

    @Test
    void theSizeCapHoldsWithAndWithoutContentLength() {
        KaggleException announced = fails(GOOD, "big", 1 << 20);
        assertThat(announced.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(announced.getMessage()).contains("1 MiB");
        KaggleException streamed = fails(GOOD, "chunked", 1 << 20);
        assertThat(streamed.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(streamed.getMessage()).contains("stopped after 1 MiB");
    }

    @Test
    void aBodyThatIsNoZipIsRefused() {
        KaggleException e = fails(GOOD, "html", 1 << 20);
        assertThat(e.kind()).isEqualTo(Kind.UNEXPECTED);
        assertThat(e.getMessage()).contains("not a zip").contains("<!DOCTYPE html>");
    }

    @Test
    void credentialsNeverPrintTheKey() {
        assertThat(GOOD.toString()).contains("alice").doesNotContain("s3cr3t");
    }

    @Test
    void slugsAreChecked() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> client(GOOD, 1 << 20).download("../../admin", tmp.resolve("x.zip"), null))).isNotNull();
    }

    @Test
    void credentialsOnlyGoToTheApiOrigin() {
        URI api = URI.create("https://www.kaggle.com/api/v1/x");
        assertThat(KaggleClient.sameOrigin(URI.create("https://www.kaggle.com/other"), api)).isTrue();
        assertThat(KaggleClient.sameOrigin(URI.create("https://www.kaggle.com:443/other"), api)).isTrue();
        assertThat(KaggleClient.sameOrigin(URI.create("https://storage.googleapis.com/b?sig=1"), api)).isFalse();
        assertThat(KaggleClient.sameOrigin(URI.create("http://www.kaggle.com/other"), api)).isFalse();
    }

    private KaggleException fails(KaggleCredentials creds, String slug, long cap) {
        KaggleException e = catchThrowableOfType(KaggleException.class,
                () -> client(creds, cap).download(slug, tmp.resolve(slug + ".zip"), null));
        assertThat(e).as("a KaggleException for " + slug).isNotNull();
        try {
            assertThat(names(tmp)).as("nothing left on disk").isEmpty();
        } catch (IOException io) {
            throw new java.io.UncheckedIOException(io);
        }
        return e;
    }
}
