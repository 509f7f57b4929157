package dev.mledojo.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * An open server-sent events stream read line by line on a thread of its own: the tests look at the events received
 * so far (with Awaitility) while the stream stays open.
 */
public final class SseClient implements AutoCloseable {

    /** One event: its name, id and data (the data lines joined), and when it arrived ({@link System#nanoTime()}). */
    public record Event(String name, String id, String data, long receivedNanos) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final int status;
    private final Stream<String> lines;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.lines = response.body();
        Thread reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code url} as {@code user} (basic auth, password = user name) and starts reading. */
    public static SseClient open(String url, String user) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        }
        return new SseClient(HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofLines()));
    }

    private void read() {
        String name = null;
        String id = null;
        List<String> data = new ArrayList<>();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty() || name != null) {
                        events.add(new Event(name == null ? "message" : name, id, String.join("\n", data),
                                System.nanoTime()));
                    }
                    name = null;
                    data.clear();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                }
            }
        } catch (RuntimeException e) {
            // closed by the test, or the connection dropped: the events so far stay readable
        } finally {
            ended.set(true);
        }
    }

    public int status() {
        return status;
    }

    /** The events received so far, in order. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The events of one name received so far. */
    public List<Event> events(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    /** Whether the server ended the stream. */
    public boolean ended() {
        return ended.get();
    }

    @Override
    public void close() {
        lines.close();
    }
}
