package dev.mledojo.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for Kaggle's competition download: {@code GET /api/v1/competitions/data/download-all/{slug}} with
 * HTTP Basic, answered like Kaggle does (a 302 to a signed storage URL, here a path of the same server that wants no
 * credentials) or with Kaggle's JSON errors (401 for wrong credentials, 404 for an unknown competition). The archive
 * of a competition comes from a function (slug → zip bytes, empty = unknown), called on every download.
 */
public final class FakeKaggle implements AutoCloseable {

    public static final String API = "/api/v1/competitions/data/download-all/";
    private static final String BLOB = "/storage/";

    private final HttpServer server;
    private final String expectedAuth;
    private final Function<String, Optional<byte[]>> archives;
    private final List<String> downloads = new CopyOnWriteArrayList<>();

    /**
     * Starts the server on a free loopback port.
     *
     * @param username the account name the fake accepts
     * @param key the API key the fake accepts
     * @param archives the competition archive (zip bytes) by slug; empty for an unknown competition
     */
    public FakeKaggle(String username, String key, Function<String, Optional<byte[]>> archives) {
        this.expectedAuth = "Basic " + Base64.getEncoder().encodeToString((username + ":" + key).getBytes(StandardCharsets.UTF_8));
        this.archives = archives;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(API, this::api);
        server.createContext(BLOB, this::blob);
        server.start();
    }

    /** The base URL to configure as Kaggle's ({@code dojo.curation.kaggle.base-url}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The competitions whose archive was served, in order. */
    public List<String> downloads() {
        return List.copyOf(downloads);
    }

    private void api(HttpExchange ex) throws IOException {
        String slug = ex.getRequestURI().getPath().substring(API.length());
        if (!"GET".equals(ex.getRequestMethod())) {
            json(ex, 405, "{\"code\":405,\"message\":\"Method not allowed\"}");
        } else if (!expectedAuth.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            json(ex, 401, "{\"code\":401,\"message\":\"Unauthenticated\"}");
        } else if (slug.isEmpty() || slug.contains("/") || archives.apply(slug).isEmpty()) {
            json(ex, 404, "{\"code\":404,\"message\":\"Competition not found\"}");
        } else {
            ex.getResponseHeaders().add("Location", baseUrl() + BLOB + slug + ".zip?X-Goog-Signature=fake");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        }
    }

    private void blob(HttpExchange ex) throws IOException {
        String name = ex.getRequestURI().getPath().substring(BLOB.length());
        String slug = name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
        Optional<byte[]> body = archives.apply(slug);
        if (body.isEmpty()) {
            json(ex, 404, "{\"code\":404,\"message\":\"No such object\"}");
            return;
        }
        downloads.add(slug);
        ex.getResponseHeaders().add("Content-Type", "application/zip");
        ex.sendResponseHeaders(200, body.get().length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body.get());
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

    @Override
    public void close() {
        server.stop(0);
    }
}
