package dev.mledojo.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.mledojo.episode.EpisodeViews;

/**
 * The episode's Gym API for an external agent program in the pod, on the loopback interface: {@code POST
 * /api/v1/episodes/{id}/step} is taken by the runner (so {@code execute_code} runs in the pod and is reported like any
 * other step), every other call (info, history, the LLM gateway) is passed to the platform unchanged. The program
 * authenticates with the episode token, as against the platform. (The JDK's own HTTP server: one listener, a handful
 * of calls per step, nothing to add to the image.)
 */
final class LocalGym implements AutoCloseable {

    private static final List<String> FORWARDED = List.of("Authorization", "Content-Type", "Accept");

    private final PodRunner runner;
    private final PodRunner.Settings settings;
    private final HttpClient http;
    private final HttpServer server;
    private final ExecutorService threads;
    private final String stepPath;
    private final java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();

    private LocalGym(PodRunner runner, PodRunner.Settings settings, HttpClient http) throws IOException {
        this.runner = runner;
        this.settings = settings;
        this.http = http;
        this.stepPath = "/api/v1/episodes/" + settings.episode() + "/step";
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        this.threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "local-gym");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    static LocalGym start(PodRunner runner, PodRunner.Settings settings, HttpClient http) {
        try {
            LocalGym gym = new LocalGym(runner, settings, http);
            gym.server.start();
            return gym;
        } catch (IOException e) {
            throw new IllegalStateException("the local Gym API cannot listen: " + e.getMessage(), e);
        }
    }

    /** The base URL the program gets as the platform's ({@code DOJO_PLATFORM_URL}). */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getRawPath();
            if ("POST".equals(exchange.getRequestMethod()) && stepPath.equals(path)) {
                step(exchange, body);
            } else {
                forward(exchange, body);
            }
        }
    }

    private void step(HttpExchange exchange, byte[] body) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (!("Bearer " + settings.token()).equals(auth)) {
            problem(exchange, 401, "unauthorized", "Send the episode token: Authorization: Bearer <DOJO_EPISODE_TOKEN>.");
            return;
        }
        EpisodeViews.StepRequest request;
        try {
            request = RunnerClient.JSON.readValue(body, EpisodeViews.StepRequest.class);
        } catch (IOException e) {
            problem(exchange, 400, "invalid-step", "Send {\"action\": \"request_info\", \"params\": {...}}.");
            return;
        }
        if (request == null || request.action() == null) {
            problem(exchange, 400, "invalid-step", "Send {\"action\": \"request_info\", \"params\": {...}}.");
            return;
        }
        if (!busy.compareAndSet(false, true)) {
            problem(exchange, 409, "step-in-progress", "Episode " + settings.episode() + " is still performing a step; "
                    + "send this one again when it has answered.");
            return;
        }
        // the step is over before its answer leaves: a program that sends its next step at once must not find it busy
        int status;
        String type;
        byte[] answer;
        try {
            EpisodeViews.StepResponse response = runner.takeStep(request.action(), request.params());
            status = 200;
            type = "application/json";
            answer = RunnerClient.JSON.writeValueAsBytes(response);
        } catch (RunnerClient.Refused e) {
            status = e.status;
            type = "application/problem+json";
            answer = e.body == null ? new byte[0] : e.body.getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            System.err.println("runner: the local Gym API could not take a step: " + e);
            status = 502;
            type = "application/problem+json";
            answer = RunnerClient.JSON.writeValueAsBytes(Map.of("type", "https://mle-dojo.dev/problems/runner-failed",
                    "title", "runner-failed", "status", 502, "detail", "The runner could not take the step: " + e));
        } finally {
            busy.set(false);
        }
        send(exchange, status, type, answer);
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        URI target = settings.platformUrl().resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(10))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String h : FORWARDED) {
            String v = exchange.getRequestHeaders().getFirst(h);
            if (v != null) {
                request.header(h, v);
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            problem(exchange, 502, "platform-unreachable", "The platform could not be reached: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem(exchange, 503, "runner-stopping", "The runner is stopping.");
            return;
        }
        send(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse("application/json"),
                response.body());
    }

    private static void problem(HttpExchange exchange, int status, String slug, String detail) throws IOException {
        byte[] json = RunnerClient.JSON.writeValueAsBytes(Map.of("type", "https://mle-dojo.dev/problems/" + slug,
                "title", slug, "status", status, "detail", detail));
        send(exchange, status, "application/problem+json", json);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
